namespace TaoLens.Web.Features.Accounts;

/// <summary>Section <c>Access</c>: who may read without an account.</summary>
public sealed class AccessOptions
{
    /// <summary>
    /// Pages and the read API are public (one person on a laptop). False for a team: everything but sign-in, invitation
    /// acceptance, public share links and <c>/healthz</c> needs an account. Writes always need one.
    /// </summary>
    public bool AnonymousRead { get; set; } = true;
}

/// <summary>Section <c>Accounts</c>.</summary>
public sealed class AccountsOptions
{
    /// <summary>Anyone may register; otherwise only the first account (the instance admin) and invited people.</summary>
    public bool OpenRegistration { get; set; }

    /// <summary>Failed sign-ins in a row before the account is locked out.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an invitation link stays valid.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a password reset or set-password link stays valid.</summary>
    public TimeSpan ResetLinkLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Sign-in and registration attempts (POST) per client address per <see cref="SignInWindow"/>.</summary>
    public int SignInPermitLimit { get; set; } = 10;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a signed-in session is checked against its account (password changed, account locked).</summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The site's public address (e.g. <c>https://taolens.example.com</c>) for the links TaoLens prints: invitations,
    /// reset links, the operator's set-password link. Unset: the address of the request, or a relative link.
    /// </summary>
    public Uri? PublicUrl { get; set; }
}
