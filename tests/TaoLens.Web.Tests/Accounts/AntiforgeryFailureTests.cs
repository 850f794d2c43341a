using System.Net;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

/// <summary>
/// A form post whose antiforgery token is missing or forged is the client's mistake: 400 and the error page that says
/// so, whether the form posts back to its page (sign-in) or to a form endpoint (save view), and never a 405 from
/// the error page itself.
/// </summary>
public sealed class AntiforgeryFailureTests(OpenRegistrationHost fixture) : IClassFixture<OpenRegistrationHost>
{
    [Theory]
    [InlineData("/account/sign-in", "sign-in", false)]
    [InlineData("/views/save", null, true)]
    public async Task A_form_post_with_a_forged_antiforgery_token_is_a_400_error_page(string path, string? handler, bool signedIn)
    {
        using var client = signedIn ? await fixture.PersonAsync($"forged-{Guid.NewGuid():N}@example.com") : fixture.Host.Anonymous();
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = "forged",
            ["Email"] = "x@example.com",
            ["Password"] = Password,
            ["name"] = "Forged",
            ["page"] = "overview",
        };
        if (handler is not null)
        {
            fields["_handler"] = handler;
        }

        using var response = await client.PostAsync(Url(path), new FormUrlEncodedContent(fields));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Bad request</h1>", body, StringComparison.Ordinal);
        Assert.Contains("The form could not be accepted", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Method not allowed", body, StringComparison.Ordinal);
    }
}
