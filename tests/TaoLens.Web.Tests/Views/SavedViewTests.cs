using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;
using static TaoLens.Web.Tests.Views.ViewsHost;

namespace TaoLens.Web.Tests.Views;

/// <summary>Saving, opening and listing views on the reference data, through the API and the pages' forms.</summary>
public sealed class SavedViewTests(ViewsHost fixture) : IClassFixture<ViewsHost>
{
    private static async Task<string> LocationAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(Url(path));
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"{path}: {(int)response.StatusCode}");
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    [Fact]
    public async Task A_saved_state_is_stored_canonical_and_opening_the_view_reproduces_the_page_with_the_view_named()
    {
        var person = await fixture.PersonAsync("roundtrip@example.com");

        var saved = await SaveAsync(person, new { name = "SN64 and SN3", page = "overview", state = "?dir=asc&netuids=64, 3&side=alpha&sort=netuid&view=123" });
        var id = saved.GetProperty("id").GetGuid();

        Assert.Equal("sort=netuid&dir=asc&side=alpha&netuids=64,3", saved.GetProperty("state").GetString());
        Assert.Equal("private", saved.GetProperty("visibility").GetString());
        var location = await LocationAsync(person, $"/views/{id}");
        Assert.Equal($"/?sort=netuid&dir=asc&side=alpha&netuids=64,3&view={id}", location);
        var page = await person.GetStringAsync(Url(location));
        Assert.Contains("Saved view: <strong>SN64 and SN3</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<caption>2 of ", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/subnets/64\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/subnets/4\"", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("href=\"/subnets/3\"", StringComparison.Ordinal) < page.IndexOf("href=\"/subnets/64\"", StringComparison.Ordinal), "sorted by netuid, ascending");
    }

    [Fact]
    public async Task A_watchlist_works_on_the_overview_without_saving()
    {
        using var anonymous = fixture.Anonymous();

        var page = await anonymous.GetStringAsync(Url("/?netuids=4,64"));

        Assert.Contains("<caption>2 of ", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/subnets/4\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/subnets/3\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subnets_api_takes_the_same_watchlist_and_refuses_a_malformed_one()
    {
        using var anonymous = fixture.Anonymous();

        using var rows = await anonymous.GetFromJsonAsync<JsonDocument>(Url("/api/v1/subnets?netuids=64,3"));
        using var bad = await anonymous.GetAsync(Url("/api/v1/subnets?netuids=3,x"));

        Assert.Equal([3, 64], rows!.RootElement.EnumerateArray().Select(r => r.GetProperty("netuid").GetInt32()).Order());
        Assert.True((await Problems.AssertProblemAsync(bad, 400)).GetProperty("errors").TryGetProperty("netuids", out _));
    }

    [Theory]
    [InlineData("overview", "sort=bogus")]
    [InlineData("overview", "colour=red")]
    [InlineData("overview", "q=a&q=b")]
    [InlineData("subnet", "window=30")]
    [InlineData("subnet", "netuid=64&window=13")]
    [InlineData("subnet", "netuid=64&from=2025-10-10&to=2025-10-01")]
    [InlineData("compare", "netuids=1,2,3,4,5,6,7,8,9")]
    [InlineData("compare", "netuids=3&metric=nope")]
    [InlineData("chart", "")]
    public async Task A_state_the_page_would_not_read_is_refused_naming_what_is_wrong(string page, string state)
    {
        var person = await fixture.PersonAsync($"bad-{Guid.NewGuid():N}@example.com");

        using var response = await person.PostAsJsonAsync(Url("/api/v1/views"), new { name = "bad", page, state });

        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(page == "chart" ? "page" : "state", out _), problem.ToString());
    }

    [Theory]
    [InlineData("last-30-days")]
    [InlineData("year-to-date")]
    public async Task A_relative_range_resolves_on_opening_to_end_on_the_latest_day_with_data(string range)
    {
        var person = await fixture.PersonAsync($"relative-{range}@example.com");
        using var detail = await person.GetFromJsonAsync<JsonDocument>(Url("/api/v1/subnets/64"));
        var latest = DateOnly.Parse(detail!.RootElement.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);

        var saved = await SaveAsync(person, new { name = "SN64 recent", page = "subnet", state = "netuid=64&window=7&from=2025-09-01&to=2025-09-10", range });

        Assert.Equal("netuid=64&window=7", saved.GetProperty("state").GetString());
        Assert.Equal(range, saved.GetProperty("range").GetString());
        var location = await LocationAsync(person, $"/views/{saved.GetProperty("id").GetGuid()}");
        var from = range == "year-to-date" ? new DateOnly(latest.Year, 1, 1) : latest.AddDays(-29);
        Assert.Equal($"/subnets/64?window=7&from={from:yyyy-MM-dd}&to={latest:yyyy-MM-dd}&view={saved.GetProperty("id").GetGuid()}", location);
        using var page = await person.GetAsync(Url(location));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task The_overview_has_no_range_to_make_relative()
    {
        var person = await fixture.PersonAsync("overview-range@example.com");

        using var response = await person.PostAsJsonAsync(Url("/api/v1/views"), new { name = "x", page = "overview", state = "", range = "last-90-days" });

        await Problems.AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task A_view_whose_subnet_is_gone_opens_with_a_note_instead_of_an_error()
    {
        var person = await fixture.PersonAsync("gone@example.com");
        var id = await SaveIdAsync(person, new { name = "Gone subnet", page = "subnet", state = "netuid=999" });

        using var response = await person.GetAsync(Url($"/views/{id}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Subnet 999 of this view is no longer in the data", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_view_whose_metric_was_renamed_opens_on_the_default_metric_with_a_note()
    {
        var person = await fixture.PersonAsync("renamed@example.com");
        var id = await SaveIdAsync(person, new { name = "Old metric", page = "compare", state = "netuids=3,64,999&metric=subsidyToRevenue&from=2025-10-01&to=2025-10-20" });
        await using (var db = fixture.Host.App.Database.CreateDbContext())
        {
            // As if the metric had since been renamed.
            await db.SavedViews.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.State, "netuids=3,64,999&metric=subsidyRatioOld&from=2025-10-01&to=2025-10-20"));
        }

        var location = await LocationAsync(person, $"/views/{id}");
        var page = await person.GetStringAsync(Url(location));

        Assert.Equal($"/compare?netuids=3,64&metric=annualisedSubsidyUsd&from=2025-10-01&to=2025-10-20&view={id}", location);
        Assert.Contains("The metric &#x27;subsidyRatioOld&#x27; this view was saved with no longer exists", page, StringComparison.Ordinal);
        Assert.Contains("Subnet 999 of this view is no longer in the data; showing the others.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task View_names_are_untrusted_text_encoded_on_the_page_and_capped()
    {
        var person = await fixture.PersonAsync("names@example.com");
        await SaveIdAsync(person, new { name = "<script>alert(1)</script>", description = "<img src=x onerror=alert(2)>", page = "overview", state = "" });

        using var tooLong = await person.PostAsJsonAsync(Url("/api/v1/views"), new { name = new string('x', 101), page = "overview" });
        using var blank = await person.PostAsJsonAsync(Url("/api/v1/views"), new { name = " \u0007 ", page = "overview" });
        var page = await person.GetStringAsync(Url("/views"));

        await Problems.AssertProblemAsync(tooLong, 400);
        await Problems.AssertProblemAsync(blank, 400);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_view_on_a_page_posts_a_form_with_antiforgery_and_opens_the_saved_view()
    {
        var person = await fixture.PersonAsync("form@example.com");
        var overview = await person.GetStringAsync(Url("/?sort=name&dir=asc&netuids=3,4"));
        Assert.Contains("action=\"/views/save\"", overview, StringComparison.Ordinal);
        Assert.Contains("name=\"state\" value=\"sort=name&amp;dir=asc&amp;netuids=3,4\"", overview, StringComparison.Ordinal);
        var form = new Dictionary<string, string> { ["page"] = "overview", ["state"] = "sort=name&dir=asc&netuids=3,4", ["name"] = "Two subnets" };

        using var forged = await person.PostAsync(Url("/views/save"), new FormUrlEncodedContent(form));
        form["__RequestVerificationToken"] = AntiforgeryToken(overview);
        using var saved = await person.PostAsync(Url("/views/save"), new FormUrlEncodedContent(form));

        Assert.False(forged.IsSuccessStatusCode || forged.StatusCode == HttpStatusCode.SeeOther, $"{(int)forged.StatusCode}");
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var open = saved.Headers.Location!.OriginalString;
        Assert.StartsWith("/views/", open, StringComparison.Ordinal);
        Assert.StartsWith("/?sort=name&dir=asc&netuids=3,4&view=", await LocationAsync(person, open), StringComparison.Ordinal);
        using var views = await person.GetFromJsonAsync<JsonDocument>(Url("/api/v1/views"));
        Assert.Equal(["Two subnets"], views!.RootElement.EnumerateArray().Select(v => v.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_refused_save_goes_back_to_the_form_with_what_was_typed_and_why()
    {
        var person = await fixture.PersonAsync("refused@example.com");
        var formPage = await person.GetStringAsync(Url("/views/new?page=subnet&state=netuid%3D64"));
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(formPage),
            ["page"] = "subnet",
            ["state"] = "netuid=64",
            ["name"] = "",
            ["description"] = "kept",
            ["range"] = "last-30-days",
        };

        using var refused = await person.PostAsync(Url("/views/save"), new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
        var back = await person.GetStringAsync(Url(refused.Headers.Location!.OriginalString));
        Assert.Contains("A view name has 1 to 100 characters.", back, StringComparison.Ordinal);
        Assert.Contains(">kept</textarea>", back, StringComparison.Ordinal);
        Assert.Contains("value=\"last-30-days\" checked", back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_views_list_searches_pins_first_renames_copies_and_deletes()
    {
        var person = await fixture.PersonAsync("lister@example.com");
        var alpha = await SaveIdAsync(person, new { name = "Alpha side board", page = "overview", state = "side=alpha" });
        var compare = await SaveIdAsync(person, new { name = "Compute trio", description = "chutes and friends", page = "compare", state = "netuids=3,4,64" });

        using (var pin = await person.PutAsJsonAsync(Url($"/api/v1/views/{alpha}"), new { pinned = true }))
        {
            Assert.Equal(HttpStatusCode.OK, pin.StatusCode);
        }

        using var all = await person.GetFromJsonAsync<JsonDocument>(Url("/api/v1/views"));
        using var found = await person.GetFromJsonAsync<JsonDocument>(Url("/api/v1/views?q=CHUTES"));
        Assert.Equal([alpha, compare], all!.RootElement.EnumerateArray().Select(v => v.GetProperty("id").GetGuid()));
        Assert.Equal([compare], found!.RootElement.EnumerateArray().Select(v => v.GetProperty("id").GetGuid()));

        using (var rename = await person.PutAsJsonAsync(Url($"/api/v1/views/{compare}"), new { name = "Compute three" }))
        using (var copy = await person.PostAsync(Url($"/api/v1/views/{compare}/copy"), null))
        using (var delete = await person.DeleteAsync(Url($"/api/v1/views/{alpha}")))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
            Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var after = await person.GetFromJsonAsync<JsonDocument>(Url("/api/v1/views"));
        Assert.Equal(["Copy of Compute three", "Compute three"], after!.RootElement.EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        var page = await person.GetStringAsync(Url("/views?q=three"));
        Assert.Contains("Copy of Compute three", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_views_page_forms_pin_and_delete_through_the_same_calls()
    {
        var person = await fixture.PersonAsync("pageforms@example.com");
        var id = await SaveIdAsync(person, new { name = "Form target", page = "overview", state = "" });
        var page = await person.GetStringAsync(Url("/views"));
        var token = AntiforgeryToken(page);

        using var pin = await person.PostAsync(Url($"/views/{id}/pin"), new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = token, ["pinned"] = "true", ["returnUrl"] = "https://evil.example/" }));
        using var pinned = await person.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/views/{id}"));
        using var delete = await person.PostAsync(Url($"/views/{id}/delete"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var gone = await person.GetAsync(Url($"/api/v1/views/{id}"));

        Assert.Equal(HttpStatusCode.SeeOther, pin.StatusCode);
        Assert.Equal("/views?done=pinned", pin.Headers.Location!.OriginalString);
        Assert.Contains(">Pinned.</p>", await person.GetStringAsync(Url("/views?done=pinned")), StringComparison.Ordinal);
        Assert.DoesNotContain("Call us", await person.GetStringAsync(Url("/views?done=Call%20us")), StringComparison.Ordinal);
        Assert.True(pinned!.RootElement.GetProperty("pinned").GetBoolean());
        Assert.Equal(HttpStatusCode.SeeOther, delete.StatusCode);
        await Problems.AssertProblemAsync(gone, 404);
    }
}
