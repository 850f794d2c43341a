using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaoLens.Web.Tests.Accounts;
using static TaoLens.Web.Tests.Accounts.AccountsHost;
using static TaoLens.Web.Tests.Revenue.LedgerHost;

namespace TaoLens.Web.Tests.Revenue;

/// <summary>The /revenue pages' static SSR forms through real HTTP (antiforgery token from the page, then the post).</summary>
public sealed class LedgerPageTests(LedgerHost fixture) : IClassFixture<LedgerHost>
{
    private static Dictionary<string, string> Fields(int netuid, string amount, string source = "Form source") => new()
    {
        ["Entry.Scope"] = "subnet",
        ["Entry.Netuid"] = netuid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Entry.Kind"] = "realised",
        ["Entry.PeriodStart"] = "2025-09-01",
        ["Entry.PeriodLastDay"] = "2025-09-30",
        ["Entry.AmountUsd"] = amount,
        ["Entry.SourceName"] = source,
        ["Entry.SourceUrl"] = "https://example.com/q3",
        ["Entry.SourceKind"] = "audited",
        ["Entry.Note"] = "<script>alert(1)</script>",
    };

    [Fact]
    public async Task The_ledger_lists_the_reference_entries_with_safe_source_links_and_no_form_for_readers()
    {
        using var anonymous = fixture.Anonymous();

        var page = await anonymous.GetStringAsync(Url("/revenue"));
        var home = await anonymous.GetStringAsync(Url("/"));

        Assert.Contains("SN64 chutes", page, StringComparison.Ordinal);
        Assert.Contains("$4,125,000", page, StringComparison.Ordinal);
        Assert.Contains("$4,125,000–$5,500,000", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.tao.media/the-investors-guide-to-chutes-bittensors-inference-layer\" rel=\"noopener noreferrer\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("formname=\"add-entry\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Add an entry", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/revenue\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_adds_through_the_form_then_corrects_it_and_the_history_says_what_it_was()
    {
        using var added = await Forms.PostAsync(fixture.Editor, "/revenue", "add-entry", Fields(20, "1,000,000"));
        var addedAt = LocationPath(added);
        Assert.True(added.StatusCode == HttpStatusCode.Redirect, $"{(int)added.StatusCode}: {await added.Content.ReadAsStringAsync()}");
        Assert.Matches("^/revenue/[0-9]+\\?done=added$", addedAt);
        var firstPath = addedAt!.Split('?')[0];

        var correction = Fields(20, "900000");
        correction.Remove("Entry.Netuid");
        using var corrected = await Forms.PostAsync(fixture.Editor, firstPath, "correct-entry", correction);
        var correctedAt = LocationPath(corrected);
        var page = await fixture.Editor.GetStringAsync(Url(correctedAt!));
        var list = await fixture.Editor.GetStringAsync(Url("/revenue?netuid=20"));

        Assert.Matches("^/revenue/[0-9]+\\?done=corrected$", correctedAt);
        Assert.Contains("$900,000", page, StringComparison.Ordinal);
        Assert.Contains($"by {EditorEmail}, was $1,000,000", page, StringComparison.Ordinal);
        Assert.Contains("2025-09-01 – 2025-09-30", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("<caption>1 entry,", list, StringComparison.Ordinal);
        // $900,000 over September's 30 days → × 365 / 30 = $10,950,000 a year.
        var headline = await HeadlineAsync(fixture.Editor, 20);
        Assert.Equal(10_950_000m, headline.GetProperty("annualisedRevenueUsd").GetProperty("base").GetDecimal());
        // The subnet page marks the restated entry and links both to their ledger pages.
        var subnetPage = await fixture.Editor.GetStringAsync(Url("/subnets/20"));
        var newPath = correctedAt!.Split('?')[0];
        Assert.Contains($"restated by <a href=\"{newPath}\">#{newPath[9..]}</a>: not counted", subnetPage, StringComparison.Ordinal);
        Assert.Contains($"corrects <a href=\"{firstPath}\">", subnetPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_form_is_shown_back_with_the_messages_and_nothing_is_saved()
    {
        var fields = Fields(21, "2,5");
        fields["Entry.SourceName"] = "";
        fields["Entry.PeriodLastDay"] = "2025-08-01";

        using var response = await Forms.PostAsync(fixture.Editor, "/revenue", "add-entry", fields);
        var page = await response.Content.ReadAsStringAsync();
        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=21"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing was saved", page, StringComparison.Ordinal);
        Assert.Contains("amountUsd: &#x27;2,5&#x27; is not an amount in USD", page, StringComparison.Ordinal);
        Assert.Equal(0, list!.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_dispute_through_the_form_marks_the_entry_and_a_viewers_post_is_refused()
    {
        using var added = await Forms.PostAsync(fixture.Editor, "/revenue", "add-entry", Fields(22, "5000"));
        var path = LocationPath(added)!.Split('?')[0];

        using var viewerPost = await Forms.PostAsync(fixture.Viewer, path, "dispute-entry", new Dictionary<string, string> { ["Reason"] = "viewer says no" });
        var viewerPage = await viewerPost.Content.ReadAsStringAsync();
        using var afterViewer = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url($"/api/v1{path}"));
        Assert.Equal(JsonValueKind.Null, afterViewer!.RootElement.GetProperty("dispute").ValueKind);
        using var disputed = await Forms.PostAsync(fixture.Editor, path, "dispute-entry", new Dictionary<string, string> { ["Reason"] = "Double-counted with the group claim" });
        var page = await fixture.Editor.GetStringAsync(Url(path));

        Assert.DoesNotContain("viewer says no", page, StringComparison.Ordinal);
        Assert.DoesNotContain("formname=\"dispute-entry\"", viewerPage, StringComparison.Ordinal);
        Assert.Equal($"{path}?done=disputed", LocationPath(disputed));
        Assert.Contains("status-disputed", page, StringComparison.Ordinal);
        Assert.Contains($"disputed by {EditorEmail}", page, StringComparison.Ordinal);
        Assert.Contains("Double-counted with the group claim", page, StringComparison.Ordinal);
    }
}

/// <summary>The import page: upload, preview with errors, fix, import; all through the page's multipart form.</summary>
public sealed class LedgerImportPageTests(LedgerHost fixture) : IClassFixture<LedgerHost>
{
    private const string Header = "scope,netuid,covers_netuids,subject,kind,as_of,period_start,period_end,amount_usd,low_usd,high_usd,external_components,source_name,source_url,source_kind,published_at,note";

    private async Task<string> UploadAsync(string csv, string dryRun)
    {
        var page = await fixture.Editor.GetStringAsync(Url("/revenue/import"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Views.ViewsHost.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(dryRun), "dryRun" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "ledger.csv" },
        };
        using var response = await fixture.Editor.PostAsync(Url("/revenue/import"), form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return WebUtility.HtmlDecode(html);
    }

    [Fact]
    public async Task An_editor_previews_a_file_with_an_error_fixes_it_and_imports_it()
    {
        var bad = $"{Header}\r\nsubnet,40,,,run-rate,2025-10-01,,,2400000,,,,Report,,self-reported,,\r\nsubnet,40,,,run-rate,2025-10-01,,,-1,,,,Other,,self-reported,,\r\n";
        var good = bad.Replace(",-1,", ",1000,", StringComparison.Ordinal);

        var withError = await UploadAsync(bad, "false");
        var preview = await UploadAsync(good, "true");
        var imported = await UploadAsync(good, "false");
        var again = await UploadAsync(good, "false");

        Assert.Contains("Nothing was imported: 1 error in the file, the first on row 3: Amounts are not negative.", withError, StringComparison.Ordinal);
        Assert.Contains("row 3, amount_usd: Amounts are not negative.", withError, StringComparison.Ordinal);
        Assert.Contains("Preview: 2 to add, 0 already in the ledger. Nothing is written yet.", preview, StringComparison.Ordinal);
        Assert.Contains("Imported: 2 added, 0 already in the ledger.", imported, StringComparison.Ordinal);
        Assert.Contains("Nothing to add: every row is already in the ledger.", again, StringComparison.Ordinal);
        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=40"));
        Assert.Equal(2, list!.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_viewer_sees_no_import_form()
    {
        var page = await fixture.Viewer.GetStringAsync(Url("/revenue/import"));

        Assert.Contains("Only editors and admins", page, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"file\"", page, StringComparison.Ordinal);
    }
}
