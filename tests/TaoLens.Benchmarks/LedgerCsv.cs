using System.Globalization;
using System.Text;
using TaoLens.Web.Features.Revenue;

namespace TaoLens.Benchmarks;

/// <summary>
/// A valid ledger import file in the template's columns (<see cref="LedgerImport.Columns"/>), fixed seed: mostly subnet
/// claims, some group claims (two to four subnets) and network claims; realised months and quarters and run-rates as of
/// a day or an instant; bare amounts, amounts with a range, ranges alone; optional subject, links, publication days,
/// external components and notes (commas, quotes, line breaks and non-Latin text, so the CSV needs quoting). Every row
/// is a different entry on the store's unique key, so a commit adds every row.
/// </summary>
public static class LedgerCsv
{
    private static readonly string[] s_sources =
    [
        "Subnet team monthly report", "Chutes revenue dashboard", "Messari research note", "Unsupervised Capital letter",
        "Gate news analysis", "Taostats revenue page", "Owner's X post", "Quarterly investor update", "Dune dashboard",
        "Discord announcement", "Independent analyst thread", "Audit by Example & Co", "Société Générale research",
        "Podcast interview (transcript)", "Medium post by the founders", "Validator round-table notes",
    ];

    private static readonly string[] s_sourceKinds = ["audited", "self-reported", "third-party", "on-chain", "analyst-estimate", "Self-Reported", "third_party", "AUDITED"];

    private static readonly string[] s_external =
    [
        "subscriptions", "pay-as-you-go inference", "enterprise contracts; API credits", "compute rental, \"spot\" GPUs", "data licences",
    ];

    private static readonly string[] s_notes =
    [
        "Figure from the team's own dashboard, not audited.",
        "Quarter annualised by the source, not by us.",
        "Includes \"sponsored\" usage, which the source says is under 5%.",
        "Two figures in the thread; we took the lower, \"confirmed\" one.",
        "收益 reported in USD; converted by the source at month-end rates.",
        "Restated later in the same thread,\nsee the follow-up post.",
        "Range is the source's own: low, base and high cases.",
    ];

    /// <summary>The file's bytes (UTF-8, no byte order mark, CRLF line ends, as a spreadsheet saves it).</summary>
    public static byte[] Generate(int rows, IReadOnlyList<int> netuids, int seed = 20261202)
    {
        ArgumentNullException.ThrowIfNull(netuids);
        var random = new Random(seed);
        var text = new StringBuilder(rows * 220);
        text.Append(string.Join(',', LedgerImport.Columns)).Append("\r\n");
        var epoch = new DateOnly(2019, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            // One row per (subnet slot, step): the step moves the dates, so no two subnet or group rows share a key.
            var slot = i % netuids.Count;
            var step = i / netuids.Count;
            var netuid = netuids[slot];
            var roll = random.Next(100);
            string scope = "", netuidCell = "", covers = "", subject = "";
            if (roll < 86)
            {
                scope = random.Next(3) == 0 ? "" : "subnet";
                netuidCell = Number(netuid);
                subject = random.Next(4) == 0 ? $"SN{netuid} ({s_external[random.Next(s_external.Length)]})" : "";
            }
            else if (roll < 94)
            {
                scope = "group";
                var members = Enumerable.Range(0, 2 + random.Next(3)).Select(k => netuids[(slot + k) % netuids.Count]);
                covers = string.Join(random.Next(2) == 0 ? " " : ";", members);
            }
            else
            {
                scope = "network";
                subject = random.Next(3) == 0 ? "Bittensor network, all subnets" : "";
            }

            // Network rows have one subject, so their dates come from the row number instead: one day each.
            var day = scope == "network" ? epoch.AddDays(i) : epoch.AddMonths(step).AddDays(slot % 28);
            string asOf = "", periodStart = "", periodEnd = "";
            var realised = random.Next(100) < 55;
            if (realised)
            {
                var start = scope == "network" ? day : epoch.AddMonths(step);
                var end = scope == "network" ? start.AddDays(7) : start.AddMonths(random.Next(10) < 7 ? 1 : 3);
                periodStart = Day(start, random);
                periodEnd = Day(end, random);
            }
            else
            {
                asOf = random.Next(3) switch
                {
                    0 => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    1 => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z",
                    _ => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T12:30:00+02:00",
                };
            }

            var amount = decimal.Round((decimal)(random.NextDouble() * random.NextDouble()) * 50_000_000m + 1_000m, 2);
            string amountCell = Number(amount), low = "", high = "";
            var rangeRoll = random.Next(100);
            if (rangeRoll < 25)
            {
                low = Number(decimal.Round(amount * 0.8m, 2));
                high = Number(decimal.Round(amount * 1.25m, 2));
            }
            else if (rangeRoll < 33)
            {
                amountCell = "";
                low = Number(decimal.Round(amount * 0.5m, 2));
                high = Number(decimal.Round(amount * 1.5m, 2));
            }

            var external = random.Next(10) < 4 ? s_external[random.Next(s_external.Length)] : "";
            var source = s_sources[random.Next(s_sources.Length)];
            var url = random.Next(10) < 6 ? $"https://example.org/reports/{i}?utm_source=ledger&sn={netuid}" : "";
            var sourceKind = s_sourceKinds[random.Next(s_sourceKinds.Length)];
            var published = random.Next(2) == 0 ? day.AddDays(random.Next(1, 40)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
            var note = random.Next(100) < 35 ? s_notes[random.Next(s_notes.Length)] : "";

            string[] cells = [scope, netuidCell, covers, subject, realised ? "realised" : "run-rate", asOf, periodStart, periodEnd, amountCell, low, high, external, source, url, sourceKind, published, note];
            text.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Day(DateOnly day, Random random) => random.Next(5) == 0
        ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z"
        : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string cell) => cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
