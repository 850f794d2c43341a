using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Claims;
using TaoLens.Core.Valuation;
using TaoLens.Data.Claims;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Schema;

public sealed class FigureClaimConstraintTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static FigureClaim Claim(string subject) => new()
    {
        Quantity = ClaimQuantity.MarketCapUsd, Subject = subject, AsOf = Midnight, BaseValue = 3_000_000_000m,
        SourceName = "report", SourceKind = RevenueSourceType.ThirdParty, EnteredBy = "test", EnteredAt = Midnight,
    };

    public static TheoryData<string, string> Bad => new()
    {
        { "revenue", "ck_figure_claims_quantity" },
        { "no date", "ck_figure_claims_date" },
        { "as-of and period", "ck_figure_claims_date" },
        { "part of a day", "ck_figure_claims_date" },
        { "no figure", "ck_figure_claims_value" },
        { "zero", "ck_figure_claims_value" },
        { "base above high", "ck_figure_claims_value" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public async Task A_claim_the_check_could_not_read_is_rejected_by_the_database(string what, string constraint)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        db.FigureClaims.Add(Claim("good"));
        await db.SaveChangesAsync();

        var claim = Claim(what);
        switch (what)
        {
            case "revenue": claim.Quantity = ClaimQuantity.ExternalRevenueUsd; break;
            case "no date": claim.AsOf = null; break;
            case "as-of and period": (claim.PeriodStart, claim.PeriodEnd) = (Midnight, Midnight.AddDays(1)); break;
            case "part of a day": (claim.AsOf, claim.PeriodStart, claim.PeriodEnd) = (null, Midnight.AddHours(1), Midnight.AddDays(1)); break;
            case "no figure": (claim.BaseValue, claim.LowValue) = (null, 1m); break;
            case "zero": claim.BaseValue = 0m; break;
            case "base above high": claim.HighValue = 1m; break;
        }

        db.FigureClaims.Add(claim);
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Equal(constraint, Assert.IsType<PostgresException>(error.InnerException).ConstraintName);
    }
}
