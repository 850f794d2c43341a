#!/usr/bin/env python3
"""Rebuilds TaoLens's offline reference dataset from ../shared/data (see PROVENANCE.md).

Run from the repository root: python3 src/TaoLens.Data/ReferenceData/build_reference_data.py ../shared/data
The product never reads ../shared at run time; it ships the CSV files this script writes.
"""
import csv, glob, json, os, sys
from decimal import Decimal, ROUND_HALF_UP

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
out = os.path.dirname(os.path.abspath(__file__))

def write(name, header, rows):
    with open(os.path.join(out, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

# Subnets: the chain's own fallback names (netuid 0-128).
with open(os.path.join(shared, "subnet-fallback-names.csv")) as f:
    subnets = [(r["netuid"], r["fallback_name"]) for r in csv.DictReader(f)]
write("subnets.csv", ["netuid", "name"], subnets)

# Daily emission snapshots: TAO per block -> integer rao per block (tao_in_emission).
emissions, days = [], []
for path in sorted(glob.glob(os.path.join(shared, "alphamind_emissions", "emissions_*.json"))):
    with open(path) as f:
        doc = json.load(f, parse_float=Decimal)
    observed_at = doc["metadata"]["timestamp"]
    days.append(observed_at)
    for netuid, tao_per_block in sorted(doc["emissions"].items(), key=lambda kv: int(kv[0])):
        rao = (tao_per_block * Decimal(1_000_000_000)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        emissions.append((observed_at, int(netuid), int(rao)))
write("subnet-emissions.csv", ["observed_at", "netuid", "tao_in_emission_rao"], emissions)

# TAO market: the only real price in shared/data is Taostats' 2025-11-20 sample; it stands in for every day.
with open(os.path.join(shared, "upstream-samples", "taostats_openapi_excerpt.json")) as f:
    price = json.load(f)["/api/price/latest/v1"]["example_200_truncated_to_3_items"]["data"][0]
market = [(day, price["price"], price["market_cap"], price["circulating_supply"], price["total_supply"],
           price["max_supply"], price["fully_diluted_market_cap"], price["volume_24h"], price["last_updated"]) for day in days]
write("tao-market.csv", ["observed_at", "price_usd", "market_cap_usd", "circulating_supply", "total_supply",
                         "max_supply", "fdv_usd", "volume_24h_usd", "approximated_from"], market)

# Revenue claims: only the rows that state external revenue become ledger entries.
kinds = {"secondary (press analysis)": "ThirdParty", "analyst estimate": "AnalystEstimate",
         "self-reported": "SelfReported", "self-reported (marketing)": "SelfReported"}
entries = []
with open(os.path.join(shared, "reference-figures.csv")) as f:
    reader = csv.reader(f)
    header = next(reader)
    for cells in reader:
        # One source row has an unquoted subject with commas in it; its extra cells belong to the subject.
        extra = len(cells) - len(header)
        if extra > 0:
            cells = [",".join(cells[:extra + 1])] + cells[extra + 1:]
        r = dict(zip(header, cells))
        metric = r["metric"]
        if "revenue" not in metric or "multiple" in metric or r["unit"] != "USD per year":
            continue
        as_of = r["as_of"] + "-01T00:00:00Z"  # month precision in the source: the first of that month
        # The source's note names the counted components only for a single subnet's external revenue.
        components = r["note"] if r["netuid"] and metric == "annual external revenue" else ""
        note = metric if components or not r["note"] else f"{metric}: {r['note']}"
        entries.append((r["netuid"], r["subject"], "RunRate", as_of, r["base"], r["low"], r["high"], components,
                        r["source"], kinds[r["source_kind"]], as_of, note))
write("revenue-entries.csv", ["netuid", "subject", "kind", "as_of", "amount_usd", "low_usd", "high_usd",
                              "external_components", "source_name", "source_kind", "published_at", "note"], entries)
print(f"{len(subnets)} subnets, {len(days)} days, {len(emissions)} emission rows, {len(entries)} revenue entries")
