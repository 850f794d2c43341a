namespace TaoLens.Web.Features.Digest;

/// <summary>Section <c>Digest</c>: how deliveries are claimed and retried.</summary>
public sealed class DigestOptions
{
    /// <summary>
    /// How long a claim holds: a delivery still claimed after this (its instance crashed between claim and send) is
    /// taken over. Longer than a send with all its SMTP retries can take, so a slow send is not doubled.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Claims of one week's digest before a failing one is given up (the mail server refused it each time).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed delivery; doubled after each next one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether this instance sends due digests on its own (every instance may: deliveries are claimed once).</summary>
    public bool SendScheduled { get; set; } = true;

    /// <summary>
    /// Runs that send due digests side by side, each over its share of the subscriptions with its own database and
    /// SMTP connection: composing takes CPU, claiming waits for the database's commit and sending for the mail server,
    /// so a few runs overlap those waits. 1 sends one digest at a time.
    /// </summary>
    public int Senders { get; set; } = 4;

    /// <summary>How often the scheduler looks for due digests.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
