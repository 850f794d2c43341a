using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TaoLens.Web.Tests.Accounts;
using TaoLens.Web.Tests.Views;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Revenue;

/// <summary>
/// One app for a test class on the reference dataset (subnets 0–128, September–October 2025; ledger entries for
/// SN64 and the network only), with its people made first: the instance admin, who makes a team with an editor and a viewer.
/// Tests that change the ledger each use subnets of their own.
/// </summary>
public sealed class LedgerHost : IAsyncLifetime
{
    private AccountsHost? _host;

    public AccountsHost Host => _host ?? throw new InvalidOperationException("not started");

    public HttpClient Admin { get; private set; } = default!;

    public HttpClient Editor { get; private set; } = default!;

    public HttpClient Viewer { get; private set; } = default!;

    public const string EditorEmail = "editor@example.com";

    public async Task InitializeAsync()
    {
        _host = await StartAsync(new Dictionary<string, string?>
        {
            ["Accounts:OpenRegistration"] = "true",
            ["ReferenceData:Enabled"] = "true",
        });
        Admin = await Host.FirstAdminAsync();
        var team = await CreateTeamAsync(Admin, "Analysts");
        Editor = await JoinAsync(team, EditorEmail, "editor");
        Viewer = await JoinAsync(team, "viewer@example.com", "viewer");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public HttpClient Anonymous() => ViewsHost.NoRedirects(Host);

    /// <summary>A signed-in person in no team at all.</summary>
    public async Task<HttpClient> OutsiderAsync(string email)
    {
        using var registered = await Host.RegisterAsync(email);
        Assert.True(registered.StatusCode == HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());
        return await ViewsHost.SignInAsync(Host, email);
    }

    /// <summary>A client that calls with a personal access token of <paramref name="owner"/>.</summary>
    public async Task<HttpClient> TokenClientAsync(HttpClient owner, string scope)
    {
        ArgumentNullException.ThrowIfNull(owner);
        using var response = await owner.PostAsJsonAsync(Url("/api/v1/me/tokens"), new { name = $"script {scope}", scope });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("token").GetString());
        return client;
    }

    private async Task<HttpClient> JoinAsync(Guid team, string email, string role)
    {
        var link = await InviteAsync(Admin, team, email, role);
        using var anonymous = Anonymous();
        using var accepted = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        return await ViewsHost.SignInAsync(Host, email);
    }

    /// <summary>A valid run-rate entry about <paramref name="netuid"/>; tests change what they test.</summary>
    public static Dictionary<string, object?> RunRate(int netuid, decimal amount, string asOf = "2025-10-01T00:00:00Z", string source = "Test source") => new()
    {
        ["netuid"] = netuid,
        ["kind"] = "run-rate",
        ["asOf"] = asOf,
        ["amountUsd"] = amount,
        ["sourceName"] = source,
        ["sourceUrl"] = "https://example.com/report",
        ["sourceKind"] = "self-reported",
    };

    /// <summary>Posts and expects 201; returns the entry's JSON.</summary>
    public static async Task<JsonElement> AddAsync(HttpClient client, object body, string path = "/api/v1/revenue")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync(Url(path), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    /// <summary>The subnet's headline from <c>GET /api/v1/subnets/{netuid}</c>.</summary>
    public static async Task<JsonElement> HeadlineAsync(HttpClient client, int netuid)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var json = await client.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/subnets/{netuid}"));
        return json!.RootElement.GetProperty("headline").Clone();
    }
}
