using MimeKit;

namespace TaoLens.Web.Features.Mail;

/// <summary>Section <c>Mail</c>: the SMTP server TaoLens sends through. Without <see cref="Host"/> mail is off.</summary>
public sealed class MailOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>none</c> (plain), <c>starttls</c> (upgrade on the submission port) or <c>tls</c> (implicit TLS, port 465).</summary>
    public string Security { get; set; } = "starttls";

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>TaoLens &lt;taolens@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>Tries per mail, the first included, when the server fails in a way that may pass (4xx, a dropped connection).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry; it doubles (with jitter) for each next one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one SMTP conversation may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Every problem with the settings, in words for the operator; empty when mail is off or the settings are usable.</summary>
    public IReadOnlyList<string> Problems(AppOptions app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var problems = new List<string>();
        if (!IsConfigured)
        {
            return problems;
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"Mail:Port must be between 1 and 65535 (it is {Port}).");
        }

        if (SecurityMode is null)
        {
            problems.Add($"Mail:Security must be none, starttls or tls (it is '{Security}').");
        }

        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            problems.Add("Mail:From must be a mail address, e.g. \"TaoLens <taolens@example.com>\", when Mail:Host is set.");
        }

        if (string.IsNullOrEmpty(User) != string.IsNullOrEmpty(Password))
        {
            problems.Add("Mail:User and Mail:Password go together: set both to sign in to the server, or neither.");
        }

        if (MaxAttempts < 1 || RetryDelay < TimeSpan.Zero || Timeout <= TimeSpan.Zero)
        {
            problems.Add("Mail:MaxAttempts must be at least 1, Mail:RetryDelay not negative and Mail:Timeout positive.");
        }

        if (app.PublicBaseUrl is null)
        {
            problems.Add("App:PublicBaseUrl must be set when Mail:Host is: mails carry absolute links (e.g. https://taolens.example.com).");
        }

        return problems;
    }

    public MailSecurity? SecurityMode => Security?.Trim().ToLowerInvariant() switch
    {
        "none" => MailSecurity.None,
        "starttls" => MailSecurity.StartTls,
        "tls" => MailSecurity.Tls,
        _ => null,
    };
}

public enum MailSecurity
{
    None,
    StartTls,
    Tls,
}

/// <summary>Section <c>App</c>.</summary>
public sealed class AppOptions
{
    /// <summary>
    /// The site's public address (e.g. <c>https://taolens.example.com</c>): every link in a mail, and the links pages
    /// print, start with it. Needed when mail is on.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }
}
