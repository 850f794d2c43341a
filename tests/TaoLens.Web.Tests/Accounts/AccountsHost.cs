using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaoLens.Web.Tests.Hardening;

namespace TaoLens.Web.Tests.Accounts;

/// <summary>
/// The app on loopback Kestrel (real HTTP, real cookies) with helpers to register, sign in and call the API as a
/// given person. Each <see cref="HttpClient"/> from <see cref="Anonymous"/> or <see cref="SignInAsync"/> keeps its own cookies.
/// </summary>
public sealed class AccountsHost : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private AccountsHost(HostApp app) => App = app;

    public HostApp App { get; }

    public static async Task<AccountsHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // Tests sign in far more often than a person; the sign-in limit has tests of its own.
            ["Accounts:SignInPermitLimit"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new AccountsHost(await HostApp.StartAsync(all, kestrel: true, time: time));
    }

    /// <summary>A real HTTP client with its own cookie jar that does not follow redirects (so tests see each 302).</summary>
    public HttpClient Anonymous() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = App.ClientOptions.BaseAddress };

    public async Task<HttpResponseMessage> RegisterAsync(string email, string password = Password)
    {
        using var client = Anonymous();
        return await client.PostAsJsonAsync(Url("/api/v1/auth/register"), new { email, password });
    }

    /// <summary>Signs in through Identity's login endpoint with cookies; the client carries the session.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = Password)
    {
        var client = Anonymous();
        using var response = await client.PostAsJsonAsync(Url("/api/v1/auth/login?useCookies=true"), new { email, password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Registers the first account (the instance admin) and signs it in.</summary>
    public async Task<HttpClient> FirstAdminAsync(string email = "admin@example.com")
    {
        using var registered = await RegisterAsync(email);
        Assert.True(registered.StatusCode == HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());
        return await SignInAsync(email);
    }

    /// <summary>Has <paramref name="admin"/> invite <paramref name="email"/>, accepts signed out (creating the account), and signs the new member in.</summary>
    public async Task<HttpClient> InviteAndJoinAsync(HttpClient admin, Guid teamId, string email, string role)
    {
        var link = await InviteAsync(admin, teamId, email, role);
        using var anonymous = Anonymous();
        using var accepted = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        return await SignInAsync(email);
    }

    public static async Task<string> InviteAsync(HttpClient admin, Guid teamId, string email, string role)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.PostAsJsonAsync(Url($"/api/v1/teams/{teamId}/invitations"), new { email, role });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("link").GetString()!;
    }

    public static string TokenOf(string link) => link[(link.LastIndexOf('/') + 1)..];

    public static async Task<Guid> CreateTeamAsync(HttpClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync(Url("/api/v1/teams"), new { name });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> MeAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(Url("/api/v1/me"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    public static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>A redirect's target as a path and query (Blazor's redirects are absolute URLs of this site).</summary>
    public static string? LocationPath(HttpResponseMessage response) =>
        response?.Headers.Location is not { } location ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
