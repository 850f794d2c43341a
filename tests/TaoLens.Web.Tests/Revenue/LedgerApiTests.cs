using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;
using static TaoLens.Web.Tests.Revenue.LedgerHost;

namespace TaoLens.Web.Tests.Revenue;

/// <summary>The revenue ledger's API through real HTTP on the reference data: who may write, validation, corrections, disputes, the engine.</summary>
public sealed class LedgerApiTests(LedgerHost fixture) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task Anonymous_writes_get_401_a_viewer_403_and_a_person_in_no_team_404()
    {
        using var anonymous = fixture.Anonymous();
        using var outsider = await fixture.OutsiderAsync("nobody@example.com");

        using var anon = await anonymous.PostAsJsonAsync(Url("/api/v1/revenue"), RunRate(5, 1_000m));
        using var viewer = await fixture.Viewer.PostAsJsonAsync(Url("/api/v1/revenue"), RunRate(5, 1_000m));
        using var stranger = await outsider.PostAsJsonAsync(Url("/api/v1/revenue"), RunRate(5, 1_000m));
        using var viewerDispute = await fixture.Viewer.PostAsJsonAsync(Url("/api/v1/revenue/1/dispute"), new { reason = "no" });

        await Problems.AssertProblemAsync(anon, 401);
        Assert.Contains("editors and admins", (await Problems.AssertProblemAsync(viewer, 403)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(stranger, 404);
        await Problems.AssertProblemAsync(viewerDispute, 403);
        using var list = await anonymous.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=5"));
        Assert.Equal(0, list!.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task An_editor_adds_an_entry_with_their_account_as_author_and_a_read_write_token_works_but_a_read_token_does_not()
    {
        var entry = await AddAsync(fixture.Editor, RunRate(6, 1_000m));
        using var readWrite = await fixture.TokenClientAsync(fixture.Editor, "read-write");
        using var read = await fixture.TokenClientAsync(fixture.Editor, "read");

        var byToken = await AddAsync(readWrite, RunRate(6, 2_000m, source: "Other source"));
        using var refused = await read.PostAsJsonAsync(Url("/api/v1/revenue"), RunRate(6, 3_000m, source: "Third source"));

        Assert.Equal(EditorEmail, entry.GetProperty("enteredBy").GetString());
        Assert.Equal("current", entry.GetProperty("status").GetString());
        Assert.Equal("infinite", entry.GetProperty("subnetName").GetString());
        Assert.Equal(EditorEmail, byToken.GetProperty("enteredBy").GetString());
        await Problems.AssertProblemAsync(refused, 403);
    }

    [Fact]
    public async Task The_instance_admin_writes_without_an_editor_role()
    {
        var entry = await AddAsync(fixture.Admin, RunRate(7, 1_000m));

        Assert.Equal("admin@example.com", entry.GetProperty("enteredBy").GetString());
    }

    public static TheoryData<string, object?, string, string> Rules => new()
    {
        { "asOf", null, "asOf", "A run-rate entry needs an as-of date." },
        { "amountUsd", null, "amountUsd", "An amount, or both low and high, is required." },
        { "amountUsd", -5m, "amountUsd", "Amounts are not negative." },
        { "lowUsd", 2_000m, "lowUsd", "Low ≤ amount ≤ high is required." },
        { "highUsd", 500m, "highUsd", "Low ≤ amount ≤ high is required." },
        { "sourceName", "  ", "sourceName", "A source is required: who published the figure." },
        { "sourceUrl", "javascript:alert(1)", "sourceUrl", "The source link must be an http or https address." },
        { "sourceUrl", "ftp://example.com/x", "sourceUrl", "The source link must be an http or https address." },
        { "note", new string('n', 2001), "note", "note is at most 2000 characters." },
        { "subject", new string('s', 201), "subject", "subject is at most 200 characters." },
        { "kind", "monthly", "kind", "kind is realised (revenue over a period) or run-rate (annualised, as of a date)." },
        { "sourceKind", "rumour", "sourceKind", "sourceKind is one of: audited, self-reported, third-party, on-chain, analyst-estimate." },
        { "netuid", 999, "netuid", "There is no subnet 999." },
        { "netuid", null, "netuid", "Say what the claim is about: a netuid, the subnets of a group claim (coversNetuids), or scope network." },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Each_rule_refuses_with_its_field_and_message_and_writes_nothing(string field, object? value, string errorField, string message)
    {
        var body = RunRate(8, 1_000m);
        body[field] = value;

        using var response = await fixture.Editor.PostAsJsonAsync(Url("/api/v1/revenue"), body);

        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.Equal([message], problem.GetProperty("errors").GetProperty(errorField).EnumerateArray().Select(e => e.GetString()));
        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=8"));
        Assert.Equal(0, list!.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_realised_period_must_be_whole_utc_days_and_a_group_claim_must_name_its_subnets()
    {
        var partDay = new Dictionary<string, object?>
        {
            ["netuid"] = 9, ["kind"] = "realised", ["periodStart"] = "2025-09-01T12:00:00Z", ["periodEnd"] = "2025-10-01T00:00:00Z",
            ["amountUsd"] = 1_000m, ["sourceName"] = "S", ["sourceKind"] = "audited",
        };
        var noEnd = new Dictionary<string, object?>(partDay) { ["periodStart"] = "2025-09-01T00:00:00Z", ["periodEnd"] = null };
        var group = new Dictionary<string, object?>(partDay) { ["netuid"] = null, ["scope"] = "group", ["coversNetuids"] = new[] { 9 }, ["periodStart"] = "2025-09-01T00:00:00Z" };
        // Midnight at +02:00 is 22:00 UTC: not a UTC day boundary.
        var offset = new Dictionary<string, object?>(partDay) { ["periodStart"] = "2025-09-01T00:00:00+02:00" };

        using var a = await fixture.Editor.PostAsJsonAsync(Url("/api/v1/revenue"), partDay);
        using var b = await fixture.Editor.PostAsJsonAsync(Url("/api/v1/revenue"), noEnd);
        using var c = await fixture.Editor.PostAsJsonAsync(Url("/api/v1/revenue"), group);
        using var d = await fixture.Editor.PostAsJsonAsync(Url("/api/v1/revenue"), offset);

        Assert.StartsWith("A realised period starts and ends at UTC midnight", Error(await Problems.AssertProblemAsync(a, 400), "periodStart"), StringComparison.Ordinal);
        Assert.Equal("A realised entry needs a period: a start and an end after it.", Error(await Problems.AssertProblemAsync(b, 400), "periodEnd"));
        Assert.Equal("A group claim names its subnets: at least two netuids in coversNetuids.", Error(await Problems.AssertProblemAsync(c, 400), "coversNetuids"));
        Assert.StartsWith("A realised period starts and ends at UTC midnight", Error(await Problems.AssertProblemAsync(d, 400), "periodStart"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_entry_twice_is_a_conflict_not_a_second_row()
    {
        await AddAsync(fixture.Editor, RunRate(10, 1_000m));

        using var again = await fixture.Editor.PostAsJsonAsync(Url("/api/v1/revenue"), RunRate(10, 1_000m));

        await Problems.AssertProblemAsync(again, 409);
        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=10"));
        Assert.Equal(1, list!.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_new_entry_changes_the_subnets_subsidy_to_revenue_on_the_next_request()
    {
        using var reader = fixture.Anonymous();
        var before = await HeadlineAsync(reader, 3);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("subsidyToRevenue").GetProperty("base").ValueKind);

        await AddAsync(fixture.Editor, RunRate(3, 2_400_000m));
        var after = await HeadlineAsync(reader, 3);

        // Hand-computed: the multiple is the annualised subsidy over $2.4M a year.
        var subsidy = after.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal();
        Assert.Equal(2_400_000m, after.GetProperty("annualisedRevenueUsd").GetProperty("base").GetDecimal());
        Assert.Equal(Math.Round(subsidy / 2_400_000m, 2), Math.Round(after.GetProperty("subsidyToRevenue").GetProperty("base").GetDecimal(), 2));
    }

    [Fact]
    public async Task A_signed_out_reader_sees_an_editor_not_the_authors_email_and_cannot_filter_by_it()
    {
        var original = await AddAsync(fixture.Editor, RunRate(13, 1_000_000m));
        var id = original.GetProperty("id").GetInt64();
        await AddAsync(fixture.Admin, RunRate(13, 900_000m), $"/api/v1/revenue/{id}/corrections");
        using var anonymous = fixture.Anonymous();

        using var list = await anonymous.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=13"));
        using var old = await anonymous.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/revenue/{id}"));
        using var probe = await anonymous.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/revenue?enteredBy={Uri.EscapeDataString(EditorEmail)}"));
        using var page = await anonymous.GetAsync(Url("/revenue?netuid=13"));
        using var signedIn = await fixture.Viewer.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=13"));

        var shown = Assert.Single(list!.RootElement.EnumerateArray());
        Assert.Equal("an editor", shown.GetProperty("enteredBy").GetString());
        var history = Assert.Single(shown.GetProperty("history").EnumerateArray());
        Assert.Equal("an editor", history.GetProperty("enteredBy").GetString());
        Assert.Equal("an editor", history.GetProperty("restatedBy").GetString());
        Assert.Equal("an editor", old!.RootElement.GetProperty("enteredBy").GetString());
        Assert.Equal(0, probe!.RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("an editor", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", html, StringComparison.Ordinal);
        Assert.Equal("admin@example.com", Assert.Single(signedIn!.RootElement.EnumerateArray()).GetProperty("enteredBy").GetString());
    }

    [Fact]
    public async Task A_correction_replaces_the_figure_and_keeps_the_old_one_in_its_history()
    {
        var original = await AddAsync(fixture.Editor, RunRate(11, 1_000_000m));
        var id = original.GetProperty("id").GetInt64();

        var correction = await AddAsync(fixture.Admin, RunRate(11, 800_000m), $"/api/v1/revenue/{id}/corrections");
        using var twice = await fixture.Editor.PostAsJsonAsync(Url($"/api/v1/revenue/{id}/corrections"), RunRate(11, 700_000m));
        using var list = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=11"));
        using var old = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/revenue/{id}"));
        var headline = await HeadlineAsync(fixture.Editor, 11);

        var shown = Assert.Single(list!.RootElement.EnumerateArray());
        Assert.Equal(correction.GetProperty("id").GetInt64(), shown.GetProperty("id").GetInt64());
        Assert.Equal(id, shown.GetProperty("correctsId").GetInt64());
        var history = Assert.Single(shown.GetProperty("history").EnumerateArray());
        Assert.Equal(1_000_000m, history.GetProperty("amountUsd").GetDecimal());
        Assert.Equal("admin@example.com", history.GetProperty("restatedBy").GetString());
        Assert.Equal("corrected", old!.RootElement.GetProperty("status").GetString());
        Assert.False(old.RootElement.GetProperty("counts").GetBoolean());
        Assert.Contains($"correct entry {correction.GetProperty("id").GetInt64()} instead", (await Problems.AssertProblemAsync(twice, 409)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(800_000m, headline.GetProperty("annualisedRevenueUsd").GetProperty("base").GetDecimal());
    }

    [Fact]
    public async Task A_disputed_entry_is_shown_but_not_used_until_an_editor_says_to_use_it_anyway()
    {
        await AddAsync(fixture.Editor, RunRate(12, 500_000m, asOf: "2025-09-01T00:00:00Z"));
        var newer = await AddAsync(fixture.Editor, RunRate(12, 9_000_000m, asOf: "2025-10-01T00:00:00Z"));
        var id = newer.GetProperty("id").GetInt64();
        Assert.Equal(9_000_000m, (await HeadlineAsync(fixture.Editor, 12)).GetProperty("annualisedRevenueUsd").GetProperty("base").GetDecimal());

        using var noReason = await fixture.Editor.PostAsJsonAsync(Url($"/api/v1/revenue/{id}/dispute"), new { reason = " " });
        using var disputed = await fixture.Editor.PostAsJsonAsync(Url($"/api/v1/revenue/{id}/dispute"), new { reason = "The team's own deck, not revenue" });
        var whileDisputed = await HeadlineAsync(fixture.Editor, 12);
        using var listed = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=12&status=disputed"));
        using var used = await fixture.Admin.PostAsync(Url($"/api/v1/revenue/{id}/use-anyway"), null);
        var afterOverride = await HeadlineAsync(fixture.Editor, 12);

        Assert.Equal("Give the reason.", Error(await Problems.AssertProblemAsync(noReason, 400), "reason"));
        Assert.Equal(HttpStatusCode.OK, disputed.StatusCode);
        Assert.Equal(500_000m, whileDisputed.GetProperty("annualisedRevenueUsd").GetProperty("base").GetDecimal());
        var shown = Assert.Single(listed!.RootElement.EnumerateArray());
        Assert.Equal("The team's own deck, not revenue", shown.GetProperty("dispute").GetProperty("reason").GetString());
        Assert.Equal(EditorEmail, shown.GetProperty("dispute").GetProperty("by").GetString());
        var usedEntry = await used.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(usedEntry.GetProperty("counts").GetBoolean());
        Assert.Equal("admin@example.com", usedEntry.GetProperty("dispute").GetProperty("useAnywayBy").GetString());
        Assert.Equal(9_000_000m, afterOverride.GetProperty("annualisedRevenueUsd").GetProperty("base").GetDecimal());
    }

    [Fact]
    public async Task The_csv_export_neutralises_a_cell_that_starts_with_a_formula()
    {
        var body = RunRate(13, 1_000m, source: "=HYPERLINK(\"http://evil\",\"x\")");
        body["note"] = "+SUM(A1)";
        await AddAsync(fixture.Editor, body);

        var csv = await fixture.Anonymous().GetStringAsync(Url("/api/v1/revenue?netuid=13&format=csv"));

        Assert.StartsWith("id,scope,netuid,", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains(",'+SUM(A1),", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_pick_by_kind_source_kind_status_and_author_and_a_bad_filter_is_a_named_400()
    {
        await AddAsync(fixture.Admin, RunRate(14, 1_000m, source: "Admin's source"));
        var realised = new Dictionary<string, object?>
        {
            ["netuid"] = 14, ["kind"] = "realised", ["periodStart"] = "2025-09-01T00:00:00Z", ["periodEnd"] = "2025-10-01T00:00:00Z",
            ["amountUsd"] = 30_000m, ["sourceName"] = "Audit", ["sourceKind"] = "audited",
        };
        await AddAsync(fixture.Editor, realised);

        using var byKind = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=14&kind=realised"));
        using var bySource = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=14&sourceKind=self-reported"));
        using var byAuthor = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/revenue?netuid=14&enteredBy={EditorEmail}"));
        using var current = await fixture.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=14&status=current"));
        using var bad = await fixture.Editor.GetAsync(Url("/api/v1/revenue?kind=monthly&status=old"));

        Assert.Equal("Audit", Assert.Single(byKind!.RootElement.EnumerateArray()).GetProperty("sourceName").GetString());
        Assert.Equal("Admin's source", Assert.Single(bySource!.RootElement.EnumerateArray()).GetProperty("sourceName").GetString());
        Assert.Equal("Audit", Assert.Single(byAuthor!.RootElement.EnumerateArray()).GetProperty("sourceName").GetString());
        Assert.Equal(2, current!.RootElement.GetArrayLength());
        var errors = (await Problems.AssertProblemAsync(bad, 400)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("kind", out _));
        Assert.True(errors.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task An_entry_more_than_180_days_before_the_latest_data_day_is_stale_and_the_filter_finds_it()
    {
        // The reference data's last day is in late October 2025: 2025-01-01 is about 300 days before it, 2025-10-01 under 30.
        await AddAsync(fixture.Editor, RunRate(15, 1_000m, asOf: "2025-01-01T00:00:00Z", source: "Old"));
        await AddAsync(fixture.Editor, RunRate(15, 2_000m, asOf: "2025-10-01T00:00:00Z", source: "New"));

        using var stale = await fixture.Anonymous().GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=15&status=stale"));
        using var current = await fixture.Anonymous().GetFromJsonAsync<JsonDocument>(Url("/api/v1/revenue?netuid=15&status=current"));

        Assert.Equal("Old", Assert.Single(stale!.RootElement.EnumerateArray()).GetProperty("sourceName").GetString());
        Assert.Equal("New", Assert.Single(current!.RootElement.EnumerateArray()).GetProperty("sourceName").GetString());
    }

    private static string? Error(JsonElement problem, string field) => problem.GetProperty("errors").GetProperty(field)[0].GetString();
}
