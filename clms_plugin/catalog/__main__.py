"""Command-line catalogue search, QGIS-free (the same client the dock uses).

Why: a quick way to check what the plugin will see from a given network (proxy, stand-in
server) without starting QGIS, and a demo of the core being reusable outside QGIS.

    python -m clms_toolbox.clms_plugin.catalog search "land cover" [--json] [--limit N]
    python -m clms_toolbox.clms_plugin.catalog details <dataset URL>
    python -m clms_toolbox.clms_plugin.catalog stac-collections

``CLMS_API_URL`` selects a stand-in API; HTTP(S)_PROXY from the environment applies.
"""

from __future__ import annotations

import argparse
import json
import sys

from .errors import CatalogError
from .http import make_session
from .portal import PortalClient, resolve_api_url
from .stac import DEFAULT_STAC_URL, StacClient


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clms-catalog", description=__doc__.splitlines()[0])
    parser.add_argument("--api-url", default=None, help="CLMS API base (default: CLMS_API_URL "
                        "or https://land.copernicus.eu/api)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_search = sub.add_parser("search", help="search datasets (all pages)")
    p_search.add_argument("text", nargs="?", default="")
    p_search.add_argument("--json", action="store_true", help="one JSON object per dataset")
    p_search.add_argument("--limit", type=int, default=0, help="print at most N datasets")
    p_details = sub.add_parser("details", help="full record of one dataset")
    p_details.add_argument("url")
    p_stac = sub.add_parser("stac-collections", help="list clms_* STAC collections")
    p_stac.add_argument("--stac-url", default=DEFAULT_STAC_URL)
    args = parser.parse_args(argv)

    session = make_session()
    client = PortalClient(session, resolve_api_url(args.api_url))
    try:
        if args.command == "search":
            result = client.search(args.text)
            shown = result.datasets[: args.limit or None]
            for ds in shown:
                if args.json:
                    print(json.dumps(ds.to_dict(), ensure_ascii=False))
                else:
                    res, period = ds.resolution or "-", ds.period or "-"
                    print(f"{ds.uid}  {res:>8}  {period:<25}  {ds.title}")
            print(f"# {len(result.datasets)} datasets ({result.total} reported by the server, "
                  f"{result.pages} pages) from {result.url}", file=sys.stderr)
        elif args.command == "details":
            print(json.dumps(client.dataset(args.url).to_dict(), ensure_ascii=False, indent=1))
        else:
            for col in StacClient(session, args.stac_url).collections():
                print(f"{col.id}  {col.title}")
    except CatalogError as exc:
        print(f"error: {exc}\nhint: {exc.hint}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
