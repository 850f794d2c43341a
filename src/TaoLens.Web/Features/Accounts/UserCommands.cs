using System.Globalization;
using Microsoft.AspNetCore.Identity;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Web.Features.Operators;

namespace TaoLens.Web.Features.Accounts;

/// <summary>The operator's <c>users create-admin &lt;email&gt;</c> and <c>users list</c>: a way back in without the web.</summary>
public static class UserCommands
{
    /// <summary>Returns the exit code: 0 done, 1 refused (the reason is written).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, OperatorCommand command, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var resets = scope.ServiceProvider.GetRequiredService<PasswordResets>();
        if (command.Action == "list")
        {
            var users = await resets.ListUsersAsync(cancellationToken);
            await output.WriteLineAsync(users.Count == 0 ? "No accounts yet." : $"{users.Count} account(s):");
            foreach (var user in users)
            {
                var state = user.LockedOutUntil is not null ? "locked out" : user.HasPassword ? "active" : "no password yet";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {user.Email}  {(user.IsInstanceAdmin ? "instance admin" : "member")}  {user.Teams} team(s)  created {user.CreatedAt:yyyy-MM-dd}  {state}"));
            }

            return 0;
        }

        var db = scope.ServiceProvider.GetRequiredService<TaoLensDbContext>();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<TaoLensUser>>();
        var registration = scope.ServiceProvider.GetRequiredService<AccountRegistration>();
        TaoLensUser admin;
        bool created;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await registration.LockAsync(cancellationToken);
            var existing = await userManager.FindByEmailAsync(command.Email!);
            created = existing is null;
            if (existing is null)
            {
                var made = await registration.CreateAsync(command.Email, password: null, instanceAdmin: true, choices: null, cancellationToken);
                if (made.Refusal is { } refusal)
                {
                    await output.WriteLineAsync($"Cannot create {command.Email}: {refusal.Detail}");
                    return 1;
                }

                admin = made.Value!;
            }
            else
            {
                admin = existing;
                admin.IsInstanceAdmin = true;
                // A new stamp: the admin claim reaches existing sessions at their next check.
                await userManager.UpdateSecurityStampAsync(admin);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var link = await resets.IssueAsync(admin, requestBase: null);
        await output.WriteLineAsync($"{admin.Email} is an instance admin ({(created ? "new account" : "promoted")}).");
        await output.WriteLineAsync($"One-time link to set the password (open it on the site{(link.Link.StartsWith('/') ? "; set Accounts:PublicUrl for a full address" : "")}):");
        await output.WriteLineAsync(link.Link);
        return 0;
    }
}
