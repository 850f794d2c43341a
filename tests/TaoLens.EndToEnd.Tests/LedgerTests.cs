using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>
/// The revenue ledger's journey in Chromium on an app of its own (its first account becomes the instance admin): an
/// editor adds an entry, corrects it, uploads a CSV with an error, fixes it and imports it; the subnet page then shows
/// the subsidy-to-revenue multiple from the corrected entry and leads to the entry's history.
/// </summary>
[Collection(BrowserSuite.Name)]
public sealed partial class LedgerTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string Password = "correct horse battery";
    private const string EditorEmail = "ledger-editor@example.com";
    private const string Header = "scope,netuid,covers_netuids,subject,kind,as_of,period_start,period_end,amount_usd,low_usd,high_usd,external_components,source_name,source_url,source_kind,published_at,note";

    // Templar: the reference data's revenue is dated after its emissions, so it has no multiple until an entry is added.
    private const int Netuid = 3;

    [Fact]
    public async Task An_editor_adds_corrects_and_imports_and_the_subnet_page_shows_the_new_multiple_and_the_history()
    {
        await using var app = await KestrelAppFactory.StartAsync(referenceData: true);
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.BaseAddress, output);
        var page = session.Page;
        await JoinAsEditorAsync(page);

        // Before: no entry names the subnet, so its multiple is n/a.
        await page.GotoAsync($"/subnets/{Netuid}");
        await Expect(Multiple(page)).ToContainTextAsync("n/a");
        var subsidy = await AnnualisedSubsidyAsync(page);
        // Hand-computed: revenue of a twentieth of the annual subsidy makes the multiple 20.0x; the first figure, twice that, 10.0x.
        var corrected = Math.Round(subsidy / 20m, 0);
        var first = corrected * 2;

        // Adds an entry through the ledger's form.
        await page.GotoAsync("/revenue");
        // Fields by name: several labels share words ("Kind", "Source kind"), and the filter form above has its own.
        var form = page.Locator("form.ledger-form");
        await form.Locator("[name='Entry.Scope']").SelectOptionAsync("subnet");
        await form.Locator("[name='Entry.Netuid']").FillAsync(Netuid.ToString(CultureInfo.InvariantCulture));
        await form.Locator("[name='Entry.Kind']").SelectOptionAsync("run-rate");
        await form.Locator("[name='Entry.AsOf']").FillAsync("2025-10-01");
        await form.Locator("[name='Entry.AmountUsd']").FillAsync(Plain(first));
        await form.Locator("[name='Entry.SourceName']").FillAsync("Templar investor letter");
        await form.Locator("[name='Entry.SourceUrl']").FillAsync("https://example.com/templar-letter");
        await form.Locator("[name='Entry.SourceKind']").SelectOptionAsync("self-reported");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add to the ledger" }).ClickAsync();
        await page.WaitForURLAsync(EntryDone("added"));
        await Expect(page.Locator("p.notice.done")).ToHaveTextAsync("Added to the ledger.");
        var firstId = EntryDone("added").Match(page.Url).Groups["id"].Value;

        // ... and it is in the ledger's list, with its figure and author.
        await page.GotoAsync($"/revenue?netuid={Netuid}");
        var listed = page.Locator("table.ledger tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = $"#{firstId}", Exact = true }) });
        await Expect(listed).ToHaveCountAsync(1);
        await Expect(listed).ToContainTextAsync(Usd(first));
        await Expect(listed).ToContainTextAsync(EditorEmail);
        await Expect(listed).ToContainTextAsync("Templar investor letter");

        // Corrects it on its page: the correction is a new entry whose history says what the figure was.
        await listed.GetByRole(AriaRole.Link, new() { Name = $"#{firstId}", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync($"Ledger entry #{firstId}");
        var correction = page.Locator("form.ledger-form");
        await correction.Locator("[name='Entry.AmountUsd']").FillAsync(Plain(corrected));
        await correction.GetByRole(AriaRole.Button, new() { Name = "Save the correction" }).ClickAsync();
        await page.WaitForURLAsync(EntryDone("corrected"));
        var correctedId = EntryDone("corrected").Match(page.Url).Groups["id"].Value;
        Assert.NotEqual(firstId, correctedId);
        await Expect(page.Locator("table.ledger tbody tr")).ToContainTextAsync(Usd(corrected));
        await Expect(page.Locator("ul.history li")).ToHaveTextAsync(Restated(first, firstId));
        await session.ScreenshotAsync("ledger-entry-history");

        // A file whose third row (the header is row 1) has a negative amount: the preview names the row, column and message.
        var ledgerSize = await LedgerSizeAsync(page);
        var bad = $"{Header}\r\n"
            + "subnet,5,,,run-rate,2025-10-01,,,1500000,,,,Imported deck,https://example.com/deck,third-party,,\r\n"
            + "subnet,6,,,run-rate,2025-10-01,,,-250000,,,,Imported memo,,analyst-estimate,,\r\n";
        await page.GotoAsync("/revenue/import");
        await UploadAsync(page, bad, "Preview");
        await Expect(page.Locator("p.notice[role=status]")).ToHaveTextAsync("Preview: 1 error; nothing can be imported until the file is fixed.");
        var error = page.Locator("table.import-errors tbody tr");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error.Locator("td")).ToHaveTextAsync(["3", "amount_usd", "Amounts are not negative."]);
        await session.ScreenshotAsync("ledger-import-errors");
        Assert.Equal(ledgerSize, await LedgerSizeAsync(page));

        // Importing it anyway writes nothing and says why.
        await UploadAsync(page, bad, "Import");
        var refusal = page.Locator("div.notice[role=alert]");
        await Expect(refusal).ToContainTextAsync("Nothing was imported: 1 error in the file, the first on row 3: Amounts are not negative.");
        await Expect(refusal.Locator("li")).ToHaveTextAsync(["row 3, amount_usd: Amounts are not negative."]);
        Assert.Equal(ledgerSize, await LedgerSizeAsync(page));

        // Fixed, it previews both rows and then imports them.
        var good = bad.Replace(",-250000,", ",250000,", StringComparison.Ordinal);
        await UploadAsync(page, good, "Preview");
        await Expect(page.Locator("p.notice[role=status]")).ToHaveTextAsync("Preview: 2 to add, 0 already in the ledger. Nothing is written yet.");
        await Expect(page.Locator("table.import-rows tbody tr")).ToHaveCountAsync(2);
        Assert.Equal(ledgerSize, await LedgerSizeAsync(page));
        await UploadAsync(page, good, "Import");
        await Expect(page.Locator("p.notice[role=status]")).ToHaveTextAsync("Imported: 2 added, 0 already in the ledger.");
        Assert.Equal(ledgerSize + 2, await LedgerSizeAsync(page));
        await page.GotoAsync("/revenue?netuid=6");
        await Expect(page.Locator("table.ledger tbody tr")).ToContainTextAsync("$250,000");
        // The editor's entries: the correction (its restated figure is in its history) and the two imported.
        await page.GotoAsync($"/revenue?enteredBy={Uri.EscapeDataString(EditorEmail)}");
        await Expect(page.Locator("table.ledger caption")).ToContainTextAsync("3 entries");
        await session.ScreenshotAsync("ledger");

        // The subnet page: the multiple from the corrected figure, both entries marked, and the way to the history.
        await page.GotoAsync($"/subnets/{Netuid}");
        await Expect(Multiple(page)).ToContainTextAsync("20.0x");
        await Expect(page.Locator("dt:text-is('External revenue, USD per year') + dd")).ToContainTextAsync(Usd(corrected));
        var entries = page.Locator("table.leaderboard", new() { Has = page.Locator("caption", new() { HasText = "The ledger entries behind the revenue figure" }) });
        await Expect(EntryRow(entries, correctedId)).ToContainTextAsync($"corrects #{firstId}");
        await Expect(EntryRow(entries, firstId)).ToContainTextAsync($"restated by #{correctedId}: not counted");
        await session.ScreenshotAsync("ledger-subnet");
        await EntryRow(entries, correctedId).Locator("td:first-child > a:first-child").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/revenue/{correctedId}$"));
        await Expect(page.Locator("ul.history li")).ToHaveTextAsync(Restated(first, firstId));
        session.AssertNoErrors();
    }

    /// <summary>
    /// Sets the team up through the API (the instance admin makes a team and invites the editor), then signs the editor
    /// in in this page's browser context; the journey itself is the editor's, through the pages.
    /// </summary>
    private static async Task JoinAsEditorAsync(IPage page)
    {
        var api = page.APIRequest;
        var admin = new { email = "ledger-admin@example.com", password = Password };
        Assert.True((await api.PostAsync("/api/v1/auth/register", new() { DataObject = admin })).Ok);
        Assert.True((await api.PostAsync("/api/v1/auth/login?useCookies=true", new() { DataObject = admin })).Ok);
        var team = await JsonAsync(await api.PostAsync("/api/v1/teams", new() { DataObject = new { name = "Revenue desk" } }));
        var invitation = await JsonAsync(await api.PostAsync($"/api/v1/teams/{team.GetProperty("id").GetGuid()}/invitations", new() { DataObject = new { email = EditorEmail, role = "editor" } }));
        var link = invitation.GetProperty("link").GetString()!;
        await page.Context.ClearCookiesAsync();
        Assert.True((await api.PostAsync($"/api/v1/invitations/{link[(link.LastIndexOf('/') + 1)..]}/accept", new() { DataObject = new { password = Password } })).Ok);
        await page.Context.ClearCookiesAsync();
        Assert.True((await api.PostAsync("/api/v1/auth/login?useCookies=true", new() { DataObject = new { email = EditorEmail, password = Password } })).Ok);
        var me = await JsonAsync(await api.GetAsync("/api/v1/me"));
        Assert.Equal(EditorEmail, me.GetProperty("email").GetString());
    }

    private static async Task<JsonElement> JsonAsync(IAPIResponse response)
    {
        Assert.True(response.Ok, $"{response.Status} {response.Url}: {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value;
    }

    private static async Task<decimal> AnnualisedSubsidyAsync(IPage page)
    {
        var detail = await JsonAsync(await page.APIRequest.GetAsync($"/api/v1/subnets/{Netuid}"));
        var headline = detail.GetProperty("headline");
        Assert.Equal(JsonValueKind.Null, headline.GetProperty("subsidyToRevenue").GetProperty("base").ValueKind);
        return headline.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal();
    }

    /// <summary>The ledger's size as the API lists it (entries not restated).</summary>
    private static async Task<int> LedgerSizeAsync(IPage page) =>
        (await JsonAsync(await page.APIRequest.GetAsync("/api/v1/revenue"))).GetArrayLength();

    /// <summary>Chooses the file on the import form (in memory, as a person picks one) and presses <paramref name="button"/>.</summary>
    private static async Task UploadAsync(IPage page, string csv, string button)
    {
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "ledger.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        // The answer is a new document at the same address: wait for it, not for the heading both pages have.
        var answered = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/revenue/import", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        Assert.Equal(200, (await answered).Status);
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>The subnet page's row for entry <paramref name="id"/> (its own link comes first; badges link to others).</summary>
    private static ILocator EntryRow(ILocator table, string id) => table.Locator($"tbody tr:has(td:first-child > a:first-child:text-is('#{id}'))");

    private static ILocator Multiple(IPage page) => page.Locator("dt:has-text('Subsidy ÷ revenue') + dd");

    private static string Plain(decimal usd) => usd.ToString("0", CultureInfo.InvariantCulture);

    private static string Usd(decimal usd) => "$" + usd.ToString("N0", CultureInfo.InvariantCulture);

    private static Regex Restated(decimal was, string id) =>
        new($"^restated on \\d{{4}}-\\d{{2}}-\\d{{2}} \\d{{2}}:\\d{{2}} UTC by {Regex.Escape(EditorEmail)}, was {Regex.Escape(Usd(was))} \\(entry #{id}, Templar investor letter\\)$");

    private static Regex EntryDone(string done) => new($"/revenue/(?<id>[0-9]+)\\?done={done}$");
}
