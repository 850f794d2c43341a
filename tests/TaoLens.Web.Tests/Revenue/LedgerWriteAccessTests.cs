using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaoLens.Web.Tests.Hardening;
using TaoLens.Web.Tests.Views;
using static TaoLens.Web.Tests.Accounts.AccountsHost;
using static TaoLens.Web.Tests.Revenue.LedgerHost;

namespace TaoLens.Web.Tests.Revenue;

/// <summary>
/// Who may write the ledger, endpoint by endpoint and caller by caller: an editor writes; a team's viewer gets 403;
/// a signed-in person in no team gets the 404 an entry that does not exist gets; signed out is 401 from the API and
/// the sign-in page from a form. Each caller works on a subnet of its own, so a write that slipped through shows.
/// </summary>
public sealed class LedgerWriteAccessTests(LedgerHost fixture) : IClassFixture<LedgerHost>
{
    private const string Header = "scope,netuid,covers_netuids,subject,kind,as_of,period_start,period_end,amount_usd,low_usd,high_usd,external_components,source_name,source_url,source_kind,published_at,note";

    private static string Csv(int netuid) =>
        $"{Header}\r\nsubnet,{netuid},,,run-rate,2025-10-01,,,3000,,,,Imported source,,self-reported,,\r\n";

    private static StringContent CsvBody(int netuid) => new(Csv(netuid), Encoding.UTF8, "text/csv");

    /// <summary>Every API write on entry <c>id</c> of subnet <c>n</c>, and the status an editor gets.</summary>
    private static readonly (string Name, int EditorStatus, Func<HttpClient, long, int, Task<HttpResponseMessage>> Send)[] s_endpoints =
    [
        ("POST /revenue", 201, (c, _, n) => c.PostAsJsonAsync(Url("/api/v1/revenue"), RunRate(n, 1_234m, source: "Added"))),
        ("POST corrections", 201, (c, id, n) => c.PostAsJsonAsync(Url($"/api/v1/revenue/{id}/corrections"), RunRate(n, 999m))),
        ("POST dispute", 200, (c, id, _) => c.PostAsJsonAsync(Url($"/api/v1/revenue/{id}/dispute"), new { reason = "Not revenue" })),
        ("POST use-anyway", 200, (c, id, _) => c.PostAsync(Url($"/api/v1/revenue/{id}/use-anyway"), null)),
        ("POST import?dryRun=true", 200, (c, _, n) => c.PostAsync(Url("/api/v1/revenue/import?dryRun=true"), CsvBody(n))),
        ("POST import?dryRun=false", 200, (c, _, n) => c.PostAsync(Url("/api/v1/revenue/import?dryRun=false"), CsvBody(n))),
    ];

    [Theory]
    [InlineData("editor", 50, 0)]
    [InlineData("viewer", 51, 403)]
    [InlineData("outsider", 52, 404)]
    [InlineData("anonymous", 53, 401)]
    public async Task Each_ledger_write_answers_by_caller_and_someone_in_no_team_gets_the_404_of_a_missing_entry(string caller, int netuid, int refused)
    {
        var entry = await AddAsync(fixture.Editor, RunRate(netuid, 1_000m));
        var id = entry.GetProperty("id").GetInt64();
        // Disputed first, so use-anyway is a write an editor may make.
        using (var disputed = await fixture.Editor.PostAsJsonAsync(Url($"/api/v1/revenue/{id}/dispute"), new { reason = "Unclear" }))
        {
            Assert.Equal(HttpStatusCode.OK, disputed.StatusCode);
        }

        using var client = await CallerAsync(caller);
        using var missing = await fixture.Editor.PostAsJsonAsync(Url("/api/v1/revenue/999999/dispute"), new { reason = "x" });
        var missingDetail = (await Problems.AssertProblemAsync(missing, 404)).GetProperty("detail").GetString();

        foreach (var (name, editorStatus, send) in s_endpoints)
        {
            using var response = await send(client, id, netuid);
            if (refused == 0)
            {
                Assert.True((int)response.StatusCode == editorStatus, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            var problem = await Problems.AssertProblemAsync(response, refused);
            if (refused == 404)
            {
                Assert.Equal(missingDetail, problem.GetProperty("detail").GetString());
            }
            else if (refused == 403)
            {
                Assert.Contains("editors and admins", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        // A refused caller changed nothing: the one entry, still disputed, with no correction.
        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/revenue?netuid={netuid}"));
        if (refused != 0)
        {
            var only = Assert.Single(list!.RootElement.EnumerateArray());
            Assert.Equal(id, only.GetProperty("id").GetInt64());
            Assert.Equal("disputed", only.GetProperty("status").GetString());
        }
        else
        {
            // The editor's add, correction and one imported row (the dry run writes nothing).
            Assert.Equal(3, list!.RootElement.GetArrayLength());
        }
    }

    /// <summary>Every page form post on entry page <c>path</c> of subnet <c>n</c>, with an antiforgery token from page <c>t</c>.</summary>
    private static readonly (string Name, Func<HttpClient, string, string, int, Task<HttpResponseMessage>> Send)[] s_forms =
    [
        ("/revenue add-entry", (c, t, _, n) => PostFormAsync(c, t, "/revenue", "add-entry", EntryFields(n, withNetuid: true))),
        ("correct-entry", (c, t, path, n) => PostFormAsync(c, t, path, "correct-entry", EntryFields(n, withNetuid: false))),
        ("dispute-entry", (c, t, path, _) => PostFormAsync(c, t, path, "dispute-entry", new Dictionary<string, string> { ["Reason"] = "Form says no" })),
        ("use-anyway", (c, t, path, _) => PostFormAsync(c, t, path, "use-anyway", new Dictionary<string, string> { ["UseAnyway"] = "true" })),
        ("/revenue/import preview", (c, t, _, n) => PostImportAsync(c, t, n, "true")),
        ("/revenue/import import", (c, t, _, n) => PostImportAsync(c, t, n, "false")),
    ];

    [Theory]
    [InlineData("viewer", 54, 403)]
    [InlineData("outsider", 55, 404)]
    [InlineData("anonymous", 56, 302)]
    public async Task Each_ledger_form_post_answers_as_the_api_does_and_changes_nothing(string caller, int netuid, int refused)
    {
        var entry = await AddAsync(fixture.Editor, RunRate(netuid, 1_000m));
        var id = entry.GetProperty("id").GetInt64();
        using (var disputed = await fixture.Editor.PostAsJsonAsync(Url($"/api/v1/revenue/{id}/dispute"), new { reason = "Unclear" }))
        {
            Assert.Equal(HttpStatusCode.OK, disputed.StatusCode);
        }

        using var client = await CallerAsync(caller);
        // Signed out, these pages have no form: the sign-in page's form gives the antiforgery token a browser would have.
        var tokenPage = caller == "anonymous" ? "/account/sign-in" : $"/revenue/{id}";
        foreach (var (name, send) in s_forms)
        {
            using var response = await send(client, tokenPage, $"/revenue/{id}", netuid);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == refused, $"{name}: expected {refused}, got {(int)response.StatusCode} {LocationPath(response)}");
            if (refused == 302)
            {
                Assert.StartsWith("/account/sign-in?returnUrl=", LocationPath(response), StringComparison.Ordinal);
            }
            else
            {
                // The site's own error pages, as for any page one may not use or that is not there.
                Assert.Contains(refused == 403 ? "<h1>Not allowed</h1>" : "<h1>Not found</h1>", body, StringComparison.Ordinal);
            }
        }

        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/revenue?netuid={netuid}"));
        var only = Assert.Single(list!.RootElement.EnumerateArray());
        Assert.Equal(id, only.GetProperty("id").GetInt64());
        Assert.Equal("Unclear", only.GetProperty("dispute").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("dispute").GetProperty("useAnywayBy").ValueKind);
    }

    private async Task<HttpClient> CallerAsync(string caller) => caller switch
    {
        // Fresh clients: the test disposes what it is given, and the fixture's clients are shared.
        "editor" => await ViewsHost.SignInAsync(fixture.Host, EditorEmail),
        "viewer" => await ViewsHost.SignInAsync(fixture.Host, "viewer@example.com"),
        "outsider" => await fixture.OutsiderAsync($"outsider-{Guid.NewGuid():N}@example.com"),
        _ => fixture.Anonymous(),
    };

    private static Dictionary<string, string> EntryFields(int netuid, bool withNetuid)
    {
        var fields = new Dictionary<string, string>
        {
            ["Entry.Scope"] = "subnet",
            ["Entry.Kind"] = "run-rate",
            ["Entry.AsOf"] = "2025-10-01",
            ["Entry.AmountUsd"] = "2000",
            ["Entry.SourceName"] = "Form source",
            ["Entry.SourceKind"] = "audited",
        };
        if (withNetuid)
        {
            fields["Entry.Netuid"] = netuid.ToString(CultureInfo.InvariantCulture);
        }

        return fields;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string tokenPage, string path, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(Url(tokenPage));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = ViewsHost.AntiforgeryToken(page),
        });
        return await client.PostAsync(Url(path), content);
    }

    private static async Task<HttpResponseMessage> PostImportAsync(HttpClient client, string tokenPage, int netuid, string dryRun)
    {
        var page = await client.GetStringAsync(Url(tokenPage));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ViewsHost.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(dryRun), "dryRun" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(netuid))), "file", "ledger.csv" },
        };
        return await client.PostAsync(Url("/revenue/import"), form);
    }
}
