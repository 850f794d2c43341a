using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TaoLens.Data.Setup;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the app; it never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TaoLensDbContext>
{
    public TaoLensDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__TaoLens")
            ?? "Host=127.0.0.1;Database=taolens;Username=taolens";
        var options = new DbContextOptionsBuilder<TaoLensDbContext>();
        TaoLensDbContext.Configure(options, connectionString);
        return new TaoLensDbContext(options.Options);
    }
}
