using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Revenue;

/// <summary>CSV import into the ledger through real HTTP: preview, all-or-nothing, dedupe, limits.</summary>
public sealed class LedgerImportTests(LedgerHost fixture) : IClassFixture<LedgerHost>
{
    private const string Header = "scope,netuid,covers_netuids,subject,kind,as_of,period_start,period_end,amount_usd,low_usd,high_usd,external_components,source_name,source_url,source_kind,published_at,note";

    private static string File(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    private static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private static ByteArrayContent Csv(string text) => Csv(Encoding.UTF8.GetBytes(text));

    private async Task<int> CountAsync(int netuid)
    {
        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/revenue?netuid={netuid}"));
        return list!.RootElement.GetArrayLength();
    }

    [Fact]
    public async Task A_good_file_imports_every_row_and_the_same_file_twice_adds_nothing()
    {
        var file = File(
            "subnet,30,,,run-rate,2025-10-01,,,1000000,900000,1100000,subscriptions,Report A,https://example.com/a,self-reported,2025-10-02,first",
            "subnet,30,,,realised,,2025-09-01,2025-10-01,30000,,,,Audit B,,audited,,",
            "group,,30 31,,run-rate,2025-10-01T00:00:00Z,,,5000000,,,,Report C,,third-party,,");

        using var first = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), Csv(file));
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        using var second = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), Csv(file));
        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(firstBody.GetProperty("written").GetBoolean());
        Assert.Equal(3, firstBody.GetProperty("added").GetInt32());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, secondBody.GetProperty("added").GetInt32());
        Assert.Equal(3, secondBody.GetProperty("skipped").GetInt32());
        Assert.StartsWith("Already in the ledger as entry #", secondBody.GetProperty("lines")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        // Two of SN30's own entries and the group claim naming it.
        Assert.Equal(3, await CountAsync(30));
    }

    [Fact]
    public async Task A_file_with_one_bad_row_imports_nothing_and_names_the_row_column_and_message()
    {
        var file = File(
            "subnet,32,,,run-rate,2025-10-01,,,1000000,,,,Good row,,self-reported,,",
            "subnet,32,,,run-rate,2025-10-01,,,12x,,,,Bad amount,,self-reported,,",
            "subnet,32,,,realised,,2025-09-01T12:00:00Z,2025-10-01,5,,,,Part day,,audited,,");

        using var preview = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=true"), Csv(file));
        var previewBody = await preview.Content.ReadFromJsonAsync<JsonElement>();
        using var refused = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), Csv(file));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.False(previewBody.GetProperty("written").GetBoolean());
        Assert.Equal(["add", "error", "error"], previewBody.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("action").GetString()));
        var errors = previewBody.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(3, errors[0].GetProperty("row").GetInt32());
        Assert.Equal("amount_usd", errors[0].GetProperty("column").GetString());
        Assert.StartsWith("'12x' is not an amount in USD", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, errors[1].GetProperty("row").GetInt32());
        Assert.Equal("period_start", errors[1].GetProperty("column").GetString());
        var problem = await Problems.AssertProblemAsync(refused, 400);
        Assert.StartsWith("Nothing was imported: 2 errors in the file, the first on row 3", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("row 4, period_start", out _));
        Assert.Equal(0, await CountAsync(32));
    }

    [Fact]
    public async Task Two_rows_with_one_claim_and_different_figures_are_an_error_on_the_second_row_and_import_nothing()
    {
        var file = File(
            "subnet,37,,,run-rate,2025-10-01,,,1000,,,,Same report,,self-reported,,",
            "subnet,37,,,run-rate,2025-10-01,,,2000,,,,Same report,,self-reported,,");

        using var preview = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=true"), Csv(file));
        var previewBody = await preview.Content.ReadFromJsonAsync<JsonElement>();
        using var refused = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), Csv(file));

        Assert.Equal(["add", "error"], previewBody.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("action").GetString()));
        var error = Assert.Single(previewBody.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("row").GetInt32());
        Assert.Equal("amount_usd", error.GetProperty("column").GetString());
        Assert.StartsWith("Row 2 has this subject, kind, dates and source with a different figure", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var problem = await Problems.AssertProblemAsync(refused, 400);
        Assert.StartsWith("Nothing was imported: 1 error in the file, the first on row 3", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(37));
    }

    [Fact]
    public async Task A_file_over_5_mb_and_a_file_that_is_not_utf8_are_refused_with_a_clear_message()
    {
        var big = new StringBuilder(Header).Append("\r\n");
        while (big.Length < 6 * 1024 * 1024)
        {
            big.Append("subnet,33,,,run-rate,2025-10-01,,,1000,,,,Filler source name to make the file large,,self-reported,,\r\n");
        }

        // "é" in Latin-1 (0xE9) is not UTF-8.
        var latin1 = Encoding.Latin1.GetBytes(File("subnet,33,,,run-rate,2025-10-01,,,1000,,,,Société,,self-reported,,"));

        using var tooBig = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=true"), Csv(big.ToString()));
        using var notUtf8 = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), Csv(latin1));

        Assert.Equal("The file is larger than 5 MB, the limit for one import. Split it into smaller files.",
            (await Problems.AssertProblemAsync(tooBig, 413)).GetProperty("detail").GetString());
        Assert.StartsWith("The file is not UTF-8 text.", (await Problems.AssertProblemAsync(notUtf8, 400)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(33));
    }

    [Fact]
    public async Task A_utf8_file_with_a_bom_uploaded_as_multipart_imports()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(File("subnet,34,,,run-rate,2025-10-01,,,1000,,,,Société Générale,,third-party,,"))).ToArray();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "ledger.csv");

        using var response = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=34"));
        Assert.Equal("Société Générale", Assert.Single(list!.RootElement.EnumerateArray()).GetProperty("sourceName").GetString());
    }

    [Fact]
    public async Task More_than_10000_rows_are_refused_and_a_viewer_cannot_import()
    {
        var rows = Enumerable.Range(0, 10_001).Select(i => $"subnet,35,,,run-rate,2025-10-01,,,{i + 1},,,,S,,self-reported,,");

        using var tooMany = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=true"), Csv(File([.. rows])));
        using var viewer = await fixture.Viewer.PostAsync(Url("/api/v1/revenue/import?dryRun=true"), Csv(File("subnet,35,,,run-rate,2025-10-01,,,1,,,,S,,self-reported,,")));

        Assert.Contains("more than 10,000 rows", (await Problems.AssertProblemAsync(tooMany, 400)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(viewer, 403);
        Assert.Equal(0, await CountAsync(35));
    }

    [Fact]
    public async Task A_file_of_exactly_10000_rows_imports_and_the_same_file_with_one_more_row_is_refused_whole()
    {
        // One run-rate a day for SN36: every row a different entry.
        var day = new DateOnly(2000, 1, 1);
        var rows = Enumerable.Range(0, 10_001).Select(i => $"subnet,36,,,run-rate,{day.AddDays(i):yyyy-MM-dd},,,{i + 1},,,,Daily report,,self-reported,,").ToArray();

        using var tooMany = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), Csv(File(rows)));
        var refused = await Problems.AssertProblemAsync(tooMany, 400);
        var countAfterRefusal = await CountAsync(36);
        using var atLimit = await fixture.Editor.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), Csv(File(rows[..10_000])));
        var body = await atLimit.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("The file has more than 10,000 rows; split it into smaller files.", refused.GetProperty("detail").GetString());
        Assert.Equal(0, countAfterRefusal);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.True(body.GetProperty("written").GetBoolean());
        Assert.Equal(10_000, body.GetProperty("added").GetInt32());
        Assert.Equal(10_000, await CountAsync(36));
    }

    [Fact]
    public async Task The_template_names_the_import_columns()
    {
        using var response = await fixture.Anonymous().GetAsync(Url("/api/v1/revenue/template.csv"));

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Header + "\r\n", await response.Content.ReadAsStringAsync());
    }
}
