using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TaoLens.Data.Accounts;
using TaoLens.Web.Features.Accounts;

namespace TaoLens.Web.Features.Mail;

/// <summary>
/// Identity's mails (reset link, confirmation link) and team invitations, through <see cref="MailSender"/>. The
/// reset mail links to <c>/account/reset-password</c> on <c>App:PublicBaseUrl</c>, the page that consumes Identity's code.
/// </summary>
public sealed partial class AccountMailer(MailSender sender, IOptions<AppOptions> app, IOptions<AccountsOptions> accounts, ILogger<AccountMailer> logger)
    : IEmailSender<TaoLensUser>
{
    private const string Footer = "You get this mail because of an account on TaoLens. If you did not ask for it, ignore it: nothing changes.";

    public bool IsConfigured => sender.IsConfigured;

    public Task SendConfirmationLinkAsync(TaoLensUser user, string email, string confirmationLink) =>
        // Identity hands this link HTML-encoded.
        SendAsync(SimpleMail.Compose(email, "Confirm your TaoLens address", ["Confirm that this address is yours to finish setting up your TaoLens account."],
            "Confirm the address", WebUtility.HtmlDecode(confirmationLink), Footer));

    public Task SendPasswordResetLinkAsync(TaoLensUser user, string email, string resetLink) =>
        SendAsync(ResetMail(email, resetLink));

    /// <summary><paramref name="resetCode"/> is Identity's token, Base64Url-encoded, as the reset page takes it.</summary>
    public Task SendPasswordResetCodeAsync(TaoLensUser user, string email, string resetCode) =>
        SendAsync(ResetMail(email, ResetLink(email, resetCode)));

    public string ResetLink(string email, string code) =>
        AccountLinks.Absolute(BaseUrl, $"/account/reset-password?email={Uri.EscapeDataString(email)}&code={code}");

    public async Task<bool> SendInvitationAsync(string email, string teamName, string role, string inviter, DateTimeOffset expiresAt, string link, CancellationToken cancellationToken)
    {
        if (!sender.IsConfigured)
        {
            return false;
        }

        var mail = SimpleMail.Compose(email, $"{inviter} invites you to {teamName} on TaoLens",
            [$"{inviter} invites you to join the team \"{teamName}\" on TaoLens as {role}.",
             $"The link works once, until {expiresAt:yyyy-MM-dd HH:mm} UTC."],
            "Accept the invitation", link, "You get this mail because a team admin on TaoLens invited this address. If you do not know them, ignore it.");
        try
        {
            await sender.SendAsync(mail, cancellationToken);
            return true;
        }
        catch (MailDeliveryException)
        {
            // The link is still shown to the admin, who can hand it over another way; the sender logged why.
            return false;
        }
    }

    private Uri? BaseUrl => app.Value.PublicBaseUrl ?? accounts.Value.PublicUrl;

    private static OutgoingMail ResetMail(string email, string link) =>
        SimpleMail.Compose(email, "Set a new TaoLens password",
            ["Someone, probably you, asked to set a new password for the TaoLens account of this address.", "The link works once and expires within a day."],
            "Set a new password", link, Footer);

    private async Task SendAsync(OutgoingMail mail)
    {
        if (!sender.IsConfigured)
        {
            LogMailOff(logger, mail.Subject);
            return;
        }

        await sender.SendAsync(mail, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail is off (no Mail:Host): \"{Subject}\" was not sent")]
    private static partial void LogMailOff(ILogger logger, string subject);
}
