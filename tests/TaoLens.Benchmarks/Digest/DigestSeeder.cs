using Microsoft.EntityFrameworkCore;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Data.Digests;
using TaoLens.Data.Teams;
using TaoLens.Data.Views;
using TaoLens.Web.Features.Views;

namespace TaoLens.Benchmarks.Digest;

/// <summary>
/// The digest benchmark's people, on top of <see cref="Seeding.Seeder"/>'s subnets and snapshots: users (inserted
/// directly, no passwords: sign-in is not measured), teams of 20 with 3 team views each, 0–3 private views per user
/// (at least 1 for the 10% in no team), and one due subscription per user following 1–5 of the views they can see.
/// View states go through the product's own <see cref="ViewStates.Normalise"/>, as saving a view does.
/// </summary>
public static class DigestSeeder
{
    public const int TeamSize = 20;
    public const int TeamViews = 3;

    public sealed record Counts(int Users, int Teams, int Views, int TeamViewsFollowed, int PrivateViewsFollowed);

    public static async Task<Counts> SeedAsync(string connection, int users, int subnets, DateTimeOffset now)
    {
        var random = new Random(Seeding.Seeder.Seed);
        var options = new DbContextOptionsBuilder<TaoLensDbContext>();
        TaoLensDbContext.Configure(options, connection);
        var inTeams = users * 9 / 10 / TeamSize * TeamSize;
        var userIds = Enumerable.Range(0, users).Select(i => Guid.CreateVersion7(now.AddTicks(i))).ToList();
        var teamIds = Enumerable.Range(0, inTeams / TeamSize).Select(i => Guid.CreateVersion7(now.AddTicks(i))).ToList();

        var people = userIds.Select((id, i) => new TaoLensUser
        {
            Id = id,
            UserName = Email(i),
            NormalizedUserName = Email(i).ToUpperInvariant(),
            Email = Email(i),
            NormalizedEmail = Email(i).ToUpperInvariant(),
            EmailConfirmed = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            CreatedAt = now,
            CurrentTeamId = i < inTeams ? teamIds[i / TeamSize] : null,
        }).ToList();
        var teams = teamIds.Select((id, t) => new Team { Id = id, Name = $"Desk {t}", CreatedAt = now }).ToList();
        var memberships = Enumerable.Range(0, inTeams).Select(i => new TeamMembership
        {
            TeamId = teamIds[i / TeamSize],
            UserId = userIds[i],
            Role = (i % TeamSize) switch { 0 => TeamRole.Admin, < 8 => TeamRole.Editor, _ => TeamRole.Viewer },
            JoinedAt = now,
        }).ToList();

        var views = new List<SavedView>();
        var teamViews = teamIds.Select((team, t) => Enumerable.Range(0, TeamViews)
            .Select(k => AddView(views, random, subnets, userIds[t * TeamSize], team, $"Desk {t} view {k}", now)).ToList()).ToList();
        var subscriptions = new List<DigestSubscription>();
        var followed = new List<DigestSubscriptionView>();
        int teamFollowed = 0, privateFollowed = 0;
        for (var i = 0; i < users; i++)
        {
            var own = Enumerable.Range(0, i < inTeams ? random.Next(4) : 1 + random.Next(3))
                .Select(k => AddView(views, random, subnets, userIds[i], null, $"My view {k}", now)).ToList();
            var candidates = own.Concat(i < inTeams ? teamViews[i / TeamSize] : []).OrderBy(_ => random.Next()).ToList();
            var subscription = new DigestSubscription
            {
                Id = Guid.CreateVersion7(now.AddTicks(i)),
                UserId = userIds[i],
                Enabled = true,
                // Due since local midnight today, in UTC: every one is due when the run starts.
                Day = now.UtcDateTime.DayOfWeek,
                LocalTime = TimeOnly.MinValue,
                TimeZone = "UTC",
                CreatedAt = now,
                UpdatedAt = now,
            };
            subscriptions.Add(subscription);
            foreach (var view in candidates.Take(Math.Min(candidates.Count, 1 + random.Next(5))))
            {
                followed.Add(new DigestSubscriptionView { SubscriptionId = subscription.Id, ViewId = view.Id });
                _ = view.TeamId is null ? privateFollowed++ : teamFollowed++;
            }
        }

        await InsertAsync(options.Options, people);
        await InsertAsync(options.Options, teams);
        await InsertAsync(options.Options, memberships);
        await InsertAsync(options.Options, views);
        await InsertAsync(options.Options, subscriptions);
        await InsertAsync(options.Options, followed);
        await using (var db = new TaoLensDbContext(options.Options))
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        return new Counts(users, teams.Count, views.Count, teamFollowed, privateFollowed);
    }

    public static string Email(int i) => $"reader{i:D5}@bench.taolens.test";

    private static SavedView AddView(List<SavedView> views, Random random, int subnets, Guid owner, Guid? team, string name, DateTimeOffset now)
    {
        string Netuids(int count) => string.Join(",", Enumerable.Range(0, subnets).OrderBy(_ => random.Next()).Take(count).Order());
        var (page, state, range) = random.Next(10) switch
        {
            < 4 => (ViewStates.Overview, $"netuids={Netuids(3 + random.Next(8))}&sort=subsidy&dir=desc", "fixed"),
            < 6 => (ViewStates.Overview, random.Next(2) == 0 ? "sort=subsidyToRevenue&dir=desc" : "revenue=only&sort=priceToSales&dir=asc&side=alpha", "fixed"),
            < 8 => (ViewStates.Subnet, $"netuid={random.Next(subnets)}&window={(random.Next(3) switch { 0 => 7, 1 => 30, _ => 90 })}", "last-90-days"),
            _ => (ViewStates.Compare, $"netuids={Netuids(2 + random.Next(3))}", "last-90-days"),
        };
        var normal = ViewStates.Normalise(page, state, range);
        var valid = normal.Value ?? throw new InvalidOperationException($"{page}?{state}: {normal.Refusal?.Detail}");
        var view = new SavedView
        {
            Id = Guid.CreateVersion7(now.AddTicks(views.Count)),
            OwnerUserId = owner,
            TeamId = team,
            Name = name,
            Page = valid.Page,
            State = valid.State,
            RangeMode = valid.RangeMode,
            RangeDays = valid.RangeDays,
            CreatedAt = now,
            UpdatedAt = now,
        };
        views.Add(view);
        return view;
    }

    private static async Task InsertAsync<T>(DbContextOptions<TaoLensDbContext> options, List<T> rows)
        where T : class
    {
        foreach (var chunk in rows.Chunk(5_000))
        {
            await using var db = new TaoLensDbContext(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Set<T>().AddRange(chunk);
            await db.SaveChangesAsync();
        }
    }
}
