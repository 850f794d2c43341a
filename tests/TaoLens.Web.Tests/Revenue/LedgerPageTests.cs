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
