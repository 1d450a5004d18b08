"""The Byte fast path of land cover → IPCC: pair LUT and packed per-row category counts.

Why its own module: it is a speed technique (SIMD-friendly numpy, measured in the comments),
not a land-cover rule; ``ipcc.landcover_to_ipcc`` picks it for Byte inputs without a mask and
the general kernel otherwise. QGIS-free.
"""

from __future__ import annotations

import threading

import numpy as np

from .categories import IPCC_CODES, NODATA

PAIR_CHUNK = 1 << 17  # pixel pairs per gather: the intp index temporary stays in L2
LANE_WORDS = 255  # uint64 words summed per lane before a byte lane could overflow
COUNT_CHUNK = 1 << 19  # bytes of a band of rows counted at once (stays in L2)


class ByteKernel:
    """LUT and per-row category counts for a Byte class raster, without per-pixel loops.

    Why: numpy's ``take`` and ``bincount`` cast every index to intp and run a scalar loop;
    on land cover, whose neighbouring pixels mostly share a class, ``bincount`` also stalls
    on incrementing the same bin again and again. They cost ~1 and ~1.8 ns per pixel and
    were most of the kernel (py-spy). Instead:

    * LUT on PIXEL PAIRS: two neighbouring codes viewed as one little-endian uint16 index a
      65 536-entry pair table (128 KiB, stays in L2) holding (ipcc[a], ipcc[b]) — half the
      gathers (0.95 → 0.27 ns/px on 4 Mpx of LC100 patches);
    * per-row counts of each IPCC category by comparison (SIMD) and summing the bool rows
      as uint64 words, eight byte lanes at a time (``add.reduceat`` over ≤ 255 words so a
      lane cannot overflow): 6 × 0.035 ns/px instead of 1.8 ns/px; the 255 count is what
      remains of the row;
    * codes the mapping does not list are found without a histogram: the 255 pixels minus
      those whose code is mapped to 255 (input nodata, open sea…). Only a window that holds
      unmapped codes pays for a code histogram, to name them.

    Counts and output are identical to the per-pixel path (same LUT, exact integers).
    """

    def __init__(self, table: np.ndarray, mapped: np.ndarray) -> None:
        t8 = np.ascontiguousarray(table[:256], dtype=np.uint8)
        t = t8.astype("<u2")
        # Pair index a + 256 * b (a = first byte in memory): reshape (b, a).
        self.out_lut = (t[None, :] | (t[:, None] << 8)).ravel().astype("<u2")
        self.table = t8
        self.to_nodata = [c for c in range(256) if mapped[c] and t8[c] == NODATA]
        self.scratch = threading.local()  # per pool thread: the comparison buffer

    def reclass(self, codes: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """(1, h, w) uint8 IPCC codes of a C-contiguous (h, w) uint8 window (into ``out``)."""
        flat = codes.reshape(-1)
        if out is None:
            out = np.empty((1, *codes.shape), dtype=np.uint8)
        oflat = out.reshape(-1)
        even = flat.size - flat.size % 2
        pairs, o16 = flat[:even].view("<u2"), oflat[:even].view("<u2")
        for i in range(0, pairs.size, PAIR_CHUNK):
            # mode='clip': every uint16 is a valid index, and 'raise' would buffer ``out``.
            np.take(self.out_lut, pairs[i:i + PAIR_CHUNK], out=o16[i:i + PAIR_CHUNK],
                    mode="clip")
        if even < flat.size:
            oflat[-1] = self.table[flat[-1]]
        return out

    def _eq_buffer(self, h: int, w: int, wp: int) -> np.ndarray:
        """(h, wp) bool scratch whose padding columns w..wp are False; one per thread,
        grown to the largest window, so no window allocates it again."""
        flat = getattr(self.scratch, "flat", None)
        if flat is None or flat.size < h * wp:
            flat = self.scratch.flat = np.zeros(h * wp, dtype=bool)
        eq = flat[: h * wp].reshape(h, wp)
        eq[:, w:] = False
        return eq

    def row_categories(self, out: np.ndarray) -> np.ndarray:
        """Per-row pixel counts (h, 7): IPCC 1–6, then 255 (nodata or unmapped).

        In bands of rows of ~512 KiB (``COUNT_CHUNK``): the six comparisons then re-read the
        band from L2 and the comparison buffer stays there too, instead of six passes over a
        4 MiB window and a 4 MiB buffer from RAM (2.7 → 1.8 ms of CPU per 4 Mpx window; the
        counts were the largest share of the land-cover kernel in the bench's profile).
        """
        h, w = out.shape
        wp = -(-w // 8) * 8
        band = max(1, min(h, COUNT_CHUNK // wp))
        eq = self._eq_buffer(band, w, wp)  # columns w..wp stay False: whole uint64 words
        starts = np.arange(0, wp // 8, LANE_WORDS)
        counts = np.empty((h, 7), dtype=np.int64)
        for r0 in range(0, h, band):
            n = min(band, h - r0)
            rows, words = out[r0:r0 + n], eq[:n].view(np.uint64)
            for j, code in enumerate(IPCC_CODES):
                np.equal(rows, code, out=eq[:n, :w])
                lanes = np.add.reduceat(words, starts, axis=1)  # ≤ 255 per byte lane
                counts[r0:r0 + n, j] = lanes.view(np.uint8).reshape(n, -1).sum(
                    axis=1, dtype=np.int64)
        counts[:, 6] = w - counts[:, :6].sum(axis=1)
        return counts

    def unmapped_hist(self, codes: np.ndarray, nodata_px: int) -> np.ndarray | None:
        """Code histogram (257 bins) if the window holds unmapped codes, else None."""
        if not nodata_px:
            return None
        if len(self.to_nodata) <= 4:
            expected = sum(int(np.count_nonzero(codes == c)) for c in self.to_nodata)
            if expected == nodata_px:
                return None
        return np.concatenate([np.bincount(codes.reshape(-1), minlength=256), [0]])


__all__ = ["COUNT_CHUNK", "LANE_WORDS", "PAIR_CHUNK", "ByteKernel"]
