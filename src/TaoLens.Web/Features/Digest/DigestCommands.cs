using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TaoLens.Data.Accounts;
using TaoLens.Web.Features.Mail;
using TaoLens.Web.Features.Operators;

namespace TaoLens.Web.Features.Digest;

/// <summary>
/// The operator's <c>digest send</c> (what is due now, exactly once as the scheduler would), <c>digest send --user EMAIL
/// --force</c> (that person's digest now, whatever was sent) and <c>digest preview --user EMAIL</c> (its HTML to stdout).
/// </summary>
public static class DigestCommands
{
    public static string Usage { get; } = """
        usage: TaoLens.Web digest send [--Setting=value ...]
               TaoLens.Web digest send --user <email> --force [--Setting=value ...]
               TaoLens.Web digest preview --user <email> [--Setting=value ...]

        send mails every weekly digest that is due and not yet sent (each once, however many instances also send), then
        exits. With --user and --force it mails that account's digest now, whether or not this week's went out.
        preview writes that account's digest, as mailed, as HTML to standard output. Links start with App:PublicBaseUrl.
        """;

    /// <summary>Reads <c>digest …</c>'s arguments; options that are not the verb's are host configuration.</summary>
    public static CommandLine Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [("send" or "preview") and var action, .. var rest])
        {
            return Error("digest needs send or preview.");
        }

        string? email = null;
        var force = false;
        var host = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--user" when i + 1 >= rest.Length || rest[i + 1].StartsWith('-'):
                    return Error("--user needs an email address.");
                case "--user":
                    email = rest[++i];
                    break;
                case "--force":
                    force = true;
                    break;
                default:
                    host.Add(rest[i]);
                    break;
            }
        }

        return (action, email, force) switch
        {
            ("preview", null, _) => Error("digest preview needs --user <email>."),
            ("preview", _, true) => Error("--force is for send."),
            ("send", not null, false) => Error("digest send --user sends at once whatever was sent this week: add --force to say so."),
            ("send", null, true) => Error("--force needs --user <email>."),
            _ => new CommandLine(new OperatorCommand("digest", Action: action, Email: email), host),
        };
    }

    /// <summary>Returns the exit code: 0 done, 1 refused (the reason is written to <paramref name="error"/>).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, OperatorCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var baseUrl = provider.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
        if (command.Email is null)
        {
            if (!provider.GetRequiredService<MailSender>().IsConfigured || baseUrl is null)
            {
                await error.WriteLineAsync("Mail is off (set Mail:Host and App:PublicBaseUrl): no digest was sent.");
                return 1;
            }

            var sent = await DigestSending.SendAllDueAsync(provider, cancellationToken);
            await output.WriteLineAsync(sent == 1 ? "Sent 1 digest." : $"Sent {sent} digests.");
            return 0;
        }

        if (await provider.GetRequiredService<UserManager<TaoLensUser>>().FindByEmailAsync(command.Email) is not { } user)
        {
            await error.WriteLineAsync($"There is no account with the email {command.Email}.");
            return 1;
        }

        var digests = provider.GetRequiredService<DigestNow>();
        var fallbackBase = baseUrl ?? new Uri("http://localhost/");
        if (command.Action == "preview")
        {
            var rendered = await provider.GetRequiredService<DigestRenderer>().RenderAsync(await digests.BuildAsync(user.Id, fallbackBase, cancellationToken));
            await output.WriteAsync(rendered.Html);
            return 0;
        }

        var outcome = await digests.SendAsync(user.Id, fallbackBase, cancellationToken);
        if (outcome.Value is not { } done)
        {
            await error.WriteLineAsync(outcome.Refusal!.Detail);
            return 1;
        }

        await output.WriteLineAsync($"Sent the digest to {done.To} ({done.MessageId}).");
        return 0;
    }

    private static CommandLine Error(string message) => CommandLine.Error($"{message}{Environment.NewLine}{Usage}");
}
