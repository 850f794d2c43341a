using System.Net;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

public sealed class SignInPageTests(OpenRegistrationHost fixture) : IClassFixture<OpenRegistrationHost>
{
    private static Dictionary<string, string> Credentials(string email, string returnUrl) => new()
    {
        ["Email"] = email,
        ["Password"] = Password,
        ["ReturnUrl"] = returnUrl,
    };

    [Theory]
    [InlineData("/subnets/3?window=7", "/subnets/3?window=7")]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("/\\evil.example/phish", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("", "/")]
    public async Task Signing_in_on_the_page_returns_only_to_a_path_on_this_site(string returnUrl, string expected)
    {
        var email = $"page-{Guid.NewGuid():N}@example.com";
        using (await fixture.Host.RegisterAsync(email))
        {
        }

        using var client = fixture.Host.Anonymous();
        using var response = await Forms.PostAsync(client, "/account/sign-in", "sign-in", Credentials(email, returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(client.BaseAddress!.Authority, (location.IsAbsoluteUri ? location : new Uri(client.BaseAddress, location)).Authority);
        Assert.Equal(expected, location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
        using var account = await client.GetAsync(Url("/account"));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_on_the_page_says_so_and_signs_nobody_in()
    {
        var email = $"wrong-{Guid.NewGuid():N}@example.com";
        using (await fixture.Host.RegisterAsync(email))
        {
        }

        using var client = fixture.Host.Anonymous();
        var fields = Credentials(email, "/");
        fields["Password"] = "not the password";
        using var response = await Forms.PostAsync(client, "/account/sign-in", "sign-in", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var account = await client.GetAsync(Url("/account"));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        using var client = fixture.Host.Anonymous();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "sign-in", ["Email"] = "x@example.com", ["Password"] = Password });

        using var response = await client.PostAsync(Url("/account/sign-in"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_lax()
    {
        var email = $"cookie-{Guid.NewGuid():N}@example.com";
        using (await fixture.Host.RegisterAsync(email))
        {
        }

        using var client = fixture.Host.Anonymous();
        using var response = await Forms.PostAsync(client, "/account/sign-in", "sign-in", Credentials(email, "/"));

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("taolens.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_out_from_the_header_ends_the_session()
    {
        var email = $"out-{Guid.NewGuid():N}@example.com";
        using (await fixture.Host.RegisterAsync(email))
        {
        }

        using var client = await fixture.Host.SignInAsync(email);
        using var signedOut = await Forms.PostAsync(client, "/account/sign-out", "sign-out", new Dictionary<string, string>());
        using var account = await client.GetAsync(Url("/account"));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
    }
}
