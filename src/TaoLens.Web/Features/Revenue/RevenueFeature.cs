using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TaoLens.Core.Text;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Accounts;

namespace TaoLens.Web.Features.Revenue;

/// <summary>
/// <c>/api/v1/revenue</c>: the ledger, answered by <see cref="RevenueLedger"/> as the <c>/revenue</c> page is. Reads
/// follow the site's read rule; writes need the write policy (an account, no read-only token) and then an editor or
/// admin role in some team, or the instance admin: a team's viewer gets 403, someone in no team 404
/// (<see cref="RevenueLedger.WriteRefusalAsync"/>).
/// </summary>
public static class RevenueFeature
{
    private static readonly string[] s_csvHeader =
    [
        "id", "scope", "netuid", "covers_netuids", "subject", "kind", "period_start", "period_end", "as_of", "amount_usd", "low_usd", "high_usd",
        "external_components", "source_name", "source_url", "source_kind", "published_at", "note", "entered_by", "entered_at",
        "status", "counts", "corrects_id", "dispute_reason", "reference_data",
    ];

    public static IServiceCollection AddRevenue(this IServiceCollection services) => services.AddScoped<RevenueLedger>().AddScoped<LedgerImport>();

    public static IEndpointRouteBuilder MapRevenue(this IEndpointRouteBuilder api)
    {
        var revenue = api.MapGroup("/revenue").WithTags("Revenue");
        revenue.MapGet("", ListAsync)
            .ProducesCsv()
            .WithName("ListRevenueEntries")
            .WithSummary("The ledger's entries that have not been restated, each with its history: netuid (also group claims naming it), kind=realised|run-rate, "
                + "sourceKind=audited|self-reported|third-party|on-chain|analyst-estimate, status=current|stale|disputed, enteredBy; format=csv for a spreadsheet (formulas neutralised).");
        revenue.MapGet("/template.csv", () => TypedResults.File(Encoding.UTF8.GetBytes(LedgerImport.Template()), $"{CsvFile.ContentType}; charset=utf-8", "revenue-template.csv"))
            .WithName("GetRevenueImportTemplate")
            .WithSummary("The import's columns: days as YYYY-MM-DD (UTC), period_end exclusive, amounts in USD with a dot, covers_netuids space- or comma-separated.");
        revenue.MapGet("/{id:long}", async (long id, HttpContext context, RevenueLedger ledger, CancellationToken ct) => (await ledger.GetAsync(id, context.User, ct)).ToResult())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetRevenueEntry").WithSummary("One entry, restated or not, with its status and history.");

        var writes = revenue.MapGroup("").RequireAuthorization(AccountsFeature.WritePolicy);
        writes.MapPost("", async (RevenueEntryRequest body, HttpContext context, RevenueLedger ledger, CancellationToken ct) =>
                (await ledger.AddAsync(context.User, body, ct)).ToResult(e => TypedResults.Created($"/api/v1/revenue/{e.Id}", e)))
            .ProducesValidationProblem()
            .WithName("AddRevenueEntry")
            .WithSummary("Editors: adds an entry {scope: subnet|group|network, netuid | coversNetuids, subject, kind, periodStart+periodEnd (UTC midnights, end exclusive) | asOf, "
                + "amountUsd, lowUsd, highUsd, externalComponents, sourceName, sourceUrl (http/https), sourceKind, publishedAt, note}.");
        writes.MapPost("/{id:long}/corrections", async (long id, RevenueEntryRequest body, HttpContext context, RevenueLedger ledger, CancellationToken ct) =>
                (await ledger.CorrectAsync(context.User, id, body, ct)).ToResult(e => TypedResults.Created($"/api/v1/revenue/{e.Id}", e)))
            .ProducesValidationProblem()
            .WithName("CorrectRevenueEntry")
            .WithSummary("Editors: restates an entry as a new one about the same subject (its netuid, group and subject are kept); the old one stops counting and stays in the history.");
        writes.MapPost("/{id:long}/dispute", async (long id, LedgerReasonRequest body, HttpContext context, RevenueLedger ledger, CancellationToken ct) =>
                (await ledger.DisputeAsync(context.User, id, body.Reason, ct)).ToResult())
            .ProducesValidationProblem()
            .WithName("DisputeRevenueEntry")
            .WithSummary("Editors: marks an entry disputed {reason}: it stays shown, and no multiple uses it unless an editor says to use it anyway.");
        writes.MapPost("/{id:long}/use-anyway", async (long id, HttpContext context, RevenueLedger ledger, CancellationToken ct) =>
                (await ledger.UseAnywayAsync(context.User, id, ct)).ToResult())
            .WithName("UseDisputedRevenueEntry")
            .WithSummary("Editors: a disputed entry counts again; the dispute stays shown with who said to use it.");
        writes.MapPost("/import", ImportAsync)
            .Accepts<string>(CsvFile.ContentType, "multipart/form-data")
            .ProducesValidationProblem()
            .WithName("ImportRevenueEntries")
            .WithSummary("Editors: a CSV (text/csv body, or multipart with a file field; UTF-8 with or without BOM, at most 5 MB and 10,000 rows). "
                + "dryRun=true (the default) previews every row and error; dryRun=false writes all new rows in one transaction, or nothing and a 400 listing every error. "
                + "Rows already in the ledger are skipped.");
        return api;
    }

    /// <summary>The import page's form: the same call as <c>POST /api/v1/revenue/import</c>, answered with a page (antiforgery-checked).</summary>
    public static IEndpointRouteBuilder MapRevenueForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/revenue/import", async (IFormFile? file, [FromForm] string? dryRun, HttpContext context, LedgerImport import, CancellationToken ct) =>
            {
                if (file is null)
                {
                    return new RazorComponentResult<ImportResult>(new { Refusal = Refusal.Invalid("file", "Choose a CSV file to import.") });
                }

                await using var stream = file.OpenReadStream();
                var outcome = await import.ImportAsync(context.User, await ReadCappedAsync(stream, ct), dryRun != "false", ct);
                return new RazorComponentResult<ImportResult>(new { Preview = outcome.Value, outcome.Refusal });
            })
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithMetadata(new LedgerFormAttribute())
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The ledger's form posts (<see cref="LedgerFormAttribute"/>) ask who is asking before the page runs, with the
    /// API's answers: signed out goes to sign-in, a team's viewer gets the 403 page, someone in no team the 404 page.
    /// The pages render their forms for writers only, so a refused post would otherwise be the framework's 400 for a
    /// form that is not on the page. After authentication and routing.
    /// </summary>
    public static WebApplication UseRevenueForms(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(static async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.GetEndpoint()?.Metadata.GetMetadata<LedgerFormAttribute>() is not null
                && await context.RequestServices.GetRequiredService<RevenueLedger>().WriteRefusalAsync(context.User, context.RequestAborted) is { } refused)
            {
                if (refused.Status == StatusCodes.Status401Unauthorized)
                {
                    await context.ChallengeAsync();
                }
                else
                {
                    context.Response.StatusCode = refused.Status;
                }

                return;
            }

            await next(context);
        });
        return app;
    }

    private static async Task<IResult> ImportAsync(string? dryRun, HttpContext context, LedgerImport import, CancellationToken cancellationToken)
    {
        bool dry;
        if (dryRun is null || string.Equals(dryRun, "true", StringComparison.OrdinalIgnoreCase))
        {
            dry = true;
        }
        else if (string.Equals(dryRun, "false", StringComparison.OrdinalIgnoreCase))
        {
            dry = false;
        }
        else
        {
            return QueryParameters.Invalid("dryRun", "dryRun is true (preview, the default) or false (write).");
        }

        var request = context.Request;
        byte[]? file;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if ((form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)) is not { } upload)
            {
                return Refusal.Invalid("file", "The form has no file: send the CSV in a field named file.").ToProblem();
            }

            await using var stream = upload.OpenReadStream();
            file = await ReadCappedAsync(stream, cancellationToken);
        }
        else if (request.ContentType is { } type && type.StartsWith(CsvFile.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            file = await ReadCappedAsync(request.Body, cancellationToken);
        }
        else
        {
            return TypedResults.Problem("Send the CSV as text/csv, or as multipart/form-data with a file field.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        return (await import.ImportAsync(context.User, file, dry, cancellationToken)).ToResult();
    }

    // Reads at most one byte past the limit: enough to refuse a larger file without holding all of it.
    private static async Task<byte[]> ReadCappedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > LedgerImport.MaxBytes)
            {
                break;
            }
        }

        return buffer.ToArray();
    }

    private static async Task<Results<Ok<IReadOnlyList<LedgerEntryView>>, FileContentHttpResult, ValidationProblem>> ListAsync(
        string? netuid, string? kind, string? sourceKind, string? status, string? enteredBy, string? format, HttpContext context, RevenueLedger ledger, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var csv = parameters.Csv(format);
        var filter = ParseFilter(netuid, kind, sourceKind, status, enteredBy, parameters.Fail);
        if (parameters.Problem is { } problem)
        {
            return problem;
        }

        var entries = await ledger.ListAsync(filter, context.User, cancellationToken);
        return csv ? CsvFile.Create("revenue.csv", s_csvHeader, entries.Select(Cells)) : TypedResults.Ok(entries);
    }

    /// <summary>The filters from their text, as the API and the page take them; each bad one is reported by name.</summary>
    public static LedgerFilter ParseFilter(string? netuid, string? kind, string? sourceKind, string? status, string? enteredBy, Action<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(fail);
        int? subnet = null;
        if (!string.IsNullOrEmpty(netuid))
        {
            if (int.TryParse(netuid, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= ushort.MaxValue)
            {
                subnet = n;
            }
            else
            {
                fail("netuid", "netuid must be a whole number from 0 to 65535.");
            }
        }

        var parsedKind = string.IsNullOrEmpty(kind) ? null : LedgerValidation.ParseKind(kind);
        if (!string.IsNullOrEmpty(kind) && parsedKind is null)
        {
            fail("kind", LedgerValidation.KindRequired);
        }

        var parsedSource = string.IsNullOrEmpty(sourceKind) ? null : LedgerValidation.ParseSourceKind(sourceKind);
        if (!string.IsNullOrEmpty(sourceKind) && parsedSource is null)
        {
            fail("sourceKind", LedgerValidation.SourceKindRequired);
        }

        var parsedStatus = string.IsNullOrEmpty(status) ? null : status.Trim().ToLowerInvariant();
        if (parsedStatus is not null && !RevenueLedger.Statuses.Contains(parsedStatus))
        {
            fail("status", $"status is one of: {string.Join(", ", RevenueLedger.Statuses)}.");
            parsedStatus = null;
        }

        return new LedgerFilter(subnet, parsedKind, parsedSource, parsedStatus, string.IsNullOrWhiteSpace(enteredBy) ? null : enteredBy.Trim());
    }

    private static IEnumerable<CsvCell> Cells(LedgerEntryView e) =>
    [
        CsvCell.Number(e.Id), CsvCell.Text(e.Scope), CsvCell.Number(e.Netuid), CsvCell.Text(e.CoversNetuids is null ? null : string.Join(' ', e.CoversNetuids)),
        CsvCell.Text(e.Subject), CsvCell.Text(e.Kind), Instant(e.PeriodStart), Instant(e.PeriodEnd), Instant(e.AsOf),
        CsvCell.Number(e.AmountUsd), CsvCell.Number(e.LowUsd), CsvCell.Number(e.HighUsd),
        CsvCell.Text(e.ExternalComponents), CsvCell.Text(e.SourceName), CsvCell.Text(e.SourceUrl), CsvCell.Text(e.SourceKind), Instant(e.PublishedAt),
        CsvCell.Text(e.Note), CsvCell.Text(e.EnteredBy), Instant(e.EnteredAt), CsvCell.Text(e.Status), CsvCell.Text(e.Counts ? "true" : "false"),
        CsvCell.Number(e.CorrectsId), CsvCell.Text(e.Dispute?.Reason), CsvCell.Text(e.IsReferenceData ? "true" : "false"),
    ];

    private static CsvCell Instant(DateTimeOffset? at) => CsvCell.Text(at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}

/// <summary>A page or endpoint whose form posts write the ledger: <see cref="RevenueFeature.UseRevenueForms"/> checks who posts.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LedgerFormAttribute : Attribute;
