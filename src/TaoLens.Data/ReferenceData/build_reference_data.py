#!/usr/bin/env python3
"""Rebuilds TaoLens's offline reference dataset from the source files in sources/ (see PROVENANCE.md).

Run from anywhere: python3 src/TaoLens.Data/ReferenceData/build_reference_data.py
The product never reads sources/ at run time; it ships the CSV files this script writes next to it.
"""
import csv, glob, json, os
from decimal import Decimal, ROUND_HALF_UP

out = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(out, "sources")

def write(name, header, rows):
    with open(os.path.join(out, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

def read(path):
    with open(os.path.join(src, path), newline="") as f:
        return list(csv.DictReader(f))

# Subnets: the chain's own fallback names (netuid 0-128).
subnets = [(r["netuid"], r["fallback_name"]) for r in read("subnet-fallback-names.csv")]
write("subnets.csv", ["netuid", "name"], subnets)

# Daily emission snapshots: TAO per block -> integer rao per block (tao_in_emission).
emissions, days = [], []
for path in sorted(glob.glob(os.path.join(src, "alphamind_emissions", "emissions_*.json"))):
    with open(path) as f:
        doc = json.load(f, parse_float=Decimal)
    observed_at = doc["metadata"]["timestamp"]
    days.append(observed_at[:10])
    for netuid, tao_per_block in sorted(doc["emissions"].items(), key=lambda kv: int(kv[0])):
        rao = (tao_per_block * Decimal(1_000_000_000)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        emissions.append((observed_at, int(netuid), int(rao)))
write("subnet-emissions.csv", ["observed_at", "netuid", "tao_in_emission_rao"], emissions)
first_day, last_day = days[0], days[-1]

# Alpha prices: the day's last 2-minute sample (23:58 UTC), as its own snapshot at the instant it was taken.
alpha = [(r["sample_time_utc"], int(r["netuid"]), r["block"], r["price_tao_per_alpha"])
         for r in read("alpha_prices/alpha_prices_daily_2025-09-14_2025-10-27.csv") if first_day <= r["date"] <= last_day]
alpha.sort(key=lambda r: (r[0], r[1]))
write("subnet-alpha-prices.csv", ["observed_at", "netuid", "block_number", "alpha_price_tao"], alpha)

# TAO/USD: the real daily price (00:00 UTC) for each emission day that has one; days without one get no row (no price).
market = [(r["date"] + "T00:00:00Z", r["price_usd"])
          for r in read("tao_prices/tao_usd_daily_2025-09-30_2025-12-31.csv") if first_day <= r["date"] <= last_day]
write("tao-market.csv", ["observed_at", "price_usd"], market)

# Revenue claims: curated from the research notes (PROVENANCE.md says which were left out and why).
claims = read("revenue-claims.csv")
header = list(claims[0].keys())
write("revenue-entries.csv", header, [[c[h] for h in header] for c in claims])
# Claims other than revenue (revenue claims are the ledger's entries above): curated from shared/data/reference-figures.csv
# and the research notes; PROVENANCE.md lists them.
figures = read("figure-claims.csv")
header = list(figures[0].keys())
write("figure-claims.csv", header, [[c[h] for h in header] for c in figures])
print(f"{len(figures)} figure claims")
print(f"{len(subnets)} subnets, {len(days)} days ({first_day} .. {last_day}), {len(emissions)} emission rows, "
      f"{len(alpha)} alpha prices, {len(market)} TAO prices, {len(claims)} revenue entries")
