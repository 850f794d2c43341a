using System.Globalization;
using System.Security.Claims;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Text;
using TaoLens.Data;
using TaoLens.Data.Revenue;
using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Revenue;

/// <summary>One problem in an imported file: its row (the header is row 1, as a spreadsheet numbers it), column and message.</summary>
public sealed record ImportError(int Row, string? Column, string Message);

/// <summary>What one row becomes: <c>add</c>, or <c>skip</c> with the reason (already in the ledger, or repeated in the file).</summary>
public sealed record ImportRow(int Row, string Action, string? Reason, int? Netuid, IReadOnlyList<int>? CoversNetuids, string? Subject, string? Kind,
    DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, DateTimeOffset? AsOf, decimal? AmountUsd, decimal? LowUsd, decimal? HighUsd, string? SourceName);

/// <summary>An import's preview (a dry run) or result: every row, every error; nothing is written while there is an error.</summary>
public sealed record ImportPreview(bool DryRun, bool Written, int Rows, int Added, int Skipped, IReadOnlyList<ImportRow> Lines, IReadOnlyList<ImportError> Errors);

/// <summary>
/// CSV import into the revenue ledger (CsvHelper): each row is read into the same request as the API's and checked by
/// <see cref="LedgerValidation"/>. Rows already in the ledger (same subnet or group, kind, period or as-of, amount
/// and range, and source) or repeated in the file are skipped, so the same file twice adds nothing. Nothing is written
/// while any row has an error; a confirmed import writes every new row in one transaction.
/// </summary>
public sealed class LedgerImport(TaoLensDbContext db, RevenueLedger ledger, TimeProvider time)
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 10_000;

    /// <summary>The template's columns, in order; the export's names for the same fields.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "scope", "netuid", "covers_netuids", "subject", "kind", "as_of", "period_start", "period_end", "amount_usd", "low_usd", "high_usd",
        "external_components", "source_name", "source_url", "source_kind", "published_at", "note",
    ];

    // The API's field names (the validation's) as the file's columns.
    private static readonly Dictionary<string, string> s_columnOf = new(StringComparer.Ordinal)
    {
        ["scope"] = "scope", ["netuid"] = "netuid", ["coversNetuids"] = "covers_netuids", ["subject"] = "subject", ["kind"] = "kind",
        ["asOf"] = "as_of", ["periodStart"] = "period_start", ["periodEnd"] = "period_end", ["amountUsd"] = "amount_usd",
        ["lowUsd"] = "low_usd", ["highUsd"] = "high_usd", ["externalComponents"] = "external_components", ["sourceName"] = "source_name",
        ["sourceUrl"] = "source_url", ["sourceKind"] = "source_kind", ["publishedAt"] = "published_at", ["note"] = "note",
    };

    // Untrusted files: a ragged row reads its missing cells as empty (the rules then name what is missing).
    private static readonly CsvReaderOptions s_options = new()
    {
        Separator = ',',
        FormatProvider = CultureInfo.InvariantCulture,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Throw,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        TrackLineNumbers = true,
    };

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Template() => Core.Text.CsvWriter.Header(Columns) + "\r\n";

    /// <summary>Reads, checks and (unless <paramref name="dryRun"/> or any error) writes the file.</summary>
    public async Task<Outcome<ImportPreview>> ImportAsync(ClaimsPrincipal user, byte[] file, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (await ledger.WriteRefusalAsync(user, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (file.Length > MaxBytes)
        {
            return new Refusal(StatusCodes.Status413PayloadTooLarge, "File too large",
                "The file is larger than 5 MB, the limit for one import. Split it into smaller files.");
        }

        if (Decode(file) is not { } text)
        {
            return Refusal.Invalid("file", "The file is not UTF-8 text. Save it as CSV in UTF-8 (with or without a byte order mark) and upload it again.");
        }

        var (requests, errors) = Read(text);
        if (requests is null)
        {
            return Refusal.Invalid("file", errors[0].Message);
        }

        var subnets = await ledger.SubnetsAsync(cancellationToken);
        var existing = await db.RevenueEntries.AsNoTracking().ToListAsync(cancellationToken);
        var byNaturalKey = existing.GroupBy(NaturalKey).ToDictionary(g => g.Key, g => g.First().Id);
        var byStoredKey = existing.GroupBy(StoredKey).ToDictionary(g => g.Key, g => g.First().Id);
        var inFile = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFileStored = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = new List<ImportRow>(requests.Count);
        var toAdd = new List<RevenueEntry>();
        foreach (var (row, request, parseErrors) in requests)
        {
            errors.AddRange(parseErrors);
            if (parseErrors.Count > 0)
            {
                lines.Add(Line(row, "error", null, request));
                continue;
            }

            var (entry, rowErrors) = LedgerValidation.Check(request, subnets);
            if (entry is null)
            {
                errors.AddRange(rowErrors.Select(e => new ImportError(row, s_columnOf.GetValueOrDefault(e.Key, e.Key), e.Value[0])));
                lines.Add(Line(row, "error", null, request));
                continue;
            }

            var key = NaturalKey(entry);
            var storedKey = StoredKey(entry);
            if (byNaturalKey.TryGetValue(key, out var id))
            {
                lines.Add(Line(row, "skip", $"Already in the ledger as entry #{id}.", request));
            }
            else if (inFile.TryGetValue(key, out var first))
            {
                lines.Add(Line(row, "skip", $"The same entry as row {first}.", request));
            }
            else if (byStoredKey.TryGetValue(storedKey, out var other))
            {
                errors.Add(new ImportError(row, "amount_usd",
                    $"The ledger has entry #{other} for this subject, kind, dates and source with a different figure: correct that entry instead."));
                lines.Add(Line(row, "error", null, request));
            }
            else if (inFileStored.TryGetValue(storedKey, out var sameRow))
            {
                // Two figures for one claim would break the store's unique key on commit: refuse it here, by row.
                errors.Add(new ImportError(row, "amount_usd",
                    $"Row {sameRow} has this subject, kind, dates and source with a different figure: keep one of the two rows."));
                lines.Add(Line(row, "error", null, request));
            }
            else
            {
                inFile[key] = row;
                inFileStored[storedKey] = row;
                toAdd.Add(entry);
                lines.Add(Line(row, "add", null, request));
            }
        }

        var preview = new ImportPreview(dryRun, false, requests.Count, toAdd.Count, lines.Count(l => l.Action == "skip"), lines, errors);
        if (errors.Count > 0)
        {
            // Each error keyed by where it is ("row 3, amount_usd"), so the problem lists them all.
            var listed = errors.GroupBy(e => e.Column is null ? $"row {e.Row}" : $"row {e.Row}, {e.Column}")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            return dryRun ? preview : new Refusal(StatusCodes.Status400BadRequest, "Import refused",
                $"Nothing was imported: {errors.Count} error{(errors.Count == 1 ? "" : "s")} in the file, the first on row {errors[0].Row}: {errors[0].Message}", listed);
        }

        if (dryRun || toAdd.Count == 0)
        {
            return preview;
        }

        var caller = await ledger.AuthorAsync(user, cancellationToken);
        if (caller.Value is not { } author)
        {
            return caller.Refusal!;
        }

        var now = time.GetUtcNow();
        foreach (var entry in toAdd)
        {
            entry.EnteredBy = author.Name;
            entry.EnteredById = author.Id;
            entry.EnteredAt = now;
        }

        // One transaction: all rows or none (a concurrent writer's duplicate fails the whole import). COPY, not the change
        // tracker: 10,000 tracked inserts took 7-10 s (docs/benchmarks.md, "Ledger CSV import").
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RevenueEntryWriter.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), toAdd, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return preview with { Written = true };
    }

    private static string? Decode(byte[] file)
    {
        var body = file.AsSpan();
        if (body.StartsWith<byte>([0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        try
        {
            return s_strictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static (List<(int Row, RevenueEntryRequest Request, List<ImportError> Errors)>? Rows, List<ImportError> Errors) Read(string text)
    {
        var errors = new List<ImportError>();
        using var csv = CsvReader.FromText(text, s_options);
        List<string> names;
        try
        {
            names = [.. csv.Headers.Select(h => h.Trim().ToLowerInvariant())];
        }
        catch (CsvFormatException ex)
        {
            errors.Add(new ImportError(1, null, $"The first row is not a CSV header: {ex.Message}"));
            return (null, errors);
        }

        if (names.Count == 0 || names.All(n => n.Length == 0))
        {
            errors.Add(new ImportError(1, null, $"The file is empty: the first row names the columns ({string.Join(", ", Columns)})."));
            return (null, errors);
        }

        var unknown = names.Where(n => n.Length > 0 && !Columns.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new ImportError(1, unknown[0], $"Unknown column '{unknown[0]}': the columns are {string.Join(", ", Columns)}."));
            return (null, errors);
        }

        var rows = new List<(int, RevenueEntryRequest, List<ImportError>)>();
        while (true)
        {
            try
            {
                if (!csv.Read())
                {
                    break;
                }
            }
            catch (CsvFormatException ex)
            {
                errors.Add(new ImportError(rows.Count + 2, null, $"The CSV is malformed after row {rows.Count + 1}: {ex.Message}"));
                return (null, errors);
            }

            var row = (int)csv.LineNumber;
            if (rows.Count == MaxRows)
            {
                errors.Add(new ImportError(row, null, $"The file has more than {MaxRows:N0} rows; split it into smaller files."));
                return (null, errors);
            }

            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                cells[names[i]] = i < csv.FieldCount ? csv.GetString(i) : null;
            }

            if (cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var rowErrors = new List<ImportError>();
            string? Cell(string column) => cells.GetValueOrDefault(column) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            int? Netuid(string? value, string column)
            {
                if (value is null)
                {
                    return null;
                }

                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= ushort.MaxValue)
                {
                    return n;
                }

                rowErrors.Add(new ImportError(row, column, $"'{Short(value)}' is not a netuid (a whole number from 0 to 65535)."));
                return null;
            }

            decimal? Money(string column)
            {
                if (Cell(column) is not { } value)
                {
                    return null;
                }

                if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
                {
                    return amount;
                }

                rowErrors.Add(new ImportError(row, column, $"'{Short(value)}' is not an amount in USD (digits with a dot for decimals, like 2400000.50)."));
                return null;
            }

            DateTimeOffset? When(string column)
            {
                if (Cell(column) is not { } value)
                {
                    return null;
                }

                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                }

                // An instant must carry its offset (Z or ±hh:mm): a bare time would depend on the server's zone.
                if ((value.EndsWith('Z') || value.LastIndexOfAny(['+', '-']) > 10)
                    && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                {
                    return at;
                }

                rowErrors.Add(new ImportError(row, column, $"'{Short(value)}' is not a day (YYYY-MM-DD) or an instant with its offset (2025-10-01T00:00:00Z)."));
                return null;
            }

            List<int>? covers = null;
            if (Cell("covers_netuids") is { } list)
            {
                covers = [];
                foreach (var part in list.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Netuid(part, "covers_netuids") is { } n)
                    {
                        covers.Add(n);
                    }
                }
            }

            var request = new RevenueEntryRequest(
                Cell("scope"), Netuid(Cell("netuid"), "netuid"), covers, Cell("subject"), Cell("kind"),
                When("period_start"), When("period_end"), When("as_of"), Money("amount_usd"), Money("low_usd"), Money("high_usd"),
                Cell("external_components"), Cell("source_name"), Cell("source_url"), Cell("source_kind"), When("published_at"), Cell("note"));
            rows.Add((row, request, rowErrors));
        }

        return (rows, errors);
    }

    private static ImportRow Line(int row, string action, string? reason, RevenueEntryRequest r) =>
        new(row, action, reason, r.Netuid, r.CoversNetuids, UntrustedText.Clean(r.Subject, RevenueEntry.SubjectMaxLength), r.Kind,
            r.PeriodStart, r.PeriodEnd, r.AsOf, r.AmountUsd, r.LowUsd, r.HighUsd, UntrustedText.Clean(r.SourceName, RevenueEntry.SubjectMaxLength * 2));

    // The issue's natural key: subject (subnet, group or network), kind, period or as-of, amount with its range, source.
    private static string NaturalKey(RevenueEntry e) => string.Join('|',
        e.Netuid?.ToString(CultureInfo.InvariantCulture) ?? "", e.CoversNetuids is null ? "" : string.Join(',', e.CoversNetuids), e.Kind,
        Stamp(e.PeriodStart), Stamp(e.PeriodEnd), Stamp(e.AsOf), Amount(e.AmountUsd), Amount(e.LowUsd), Amount(e.HighUsd), e.SourceName);

    // The store's unique key (ix on netuid, subject, kind, dates, source, corrects): a row equal on it but not on the figure cannot be added.
    private static string StoredKey(RevenueEntry e) => string.Join('|',
        e.Netuid?.ToString(CultureInfo.InvariantCulture) ?? "", e.Subject, e.Kind, Stamp(e.PeriodStart), Stamp(e.PeriodEnd), Stamp(e.AsOf), e.SourceName,
        e.CorrectsId?.ToString(CultureInfo.InvariantCulture) ?? "");

    private static string Stamp(DateTimeOffset? at) => at?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "";

    // Stored with 2 decimals: 1000 and 1000.00 are the same amount.
    private static string Amount(decimal? value) => value is { } v ? Math.Round(v, 2).ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
