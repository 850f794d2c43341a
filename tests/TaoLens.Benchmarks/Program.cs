using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using TaoLens.Benchmarks.Digest;
using TaoLens.Benchmarks.Seeding;

namespace TaoLens.Benchmarks;

// Not top-level statements: those would declare a second Program, which would shadow the web app's (WebApplicationFactory<Program>).
internal static class Benchmarks
{
    private static async Task<int> Main(string[] args)
    {
        // "seed …" fills a database for the HTTP benchmarks, "digest-bench" runs the weekly digest at 10,000 recipients;
        // anything else goes to BenchmarkDotNet.
        if (args.Length > 0 && args[0] == "seed")
        {
            return await Seeder.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "digest-bench")
        {
            return await DigestBenchmark.RunAsync(args[1..]);
        }

        // BenchmarkDotNet rebuilds the project (the web app included) and gives up after 2 minutes by default.
        BenchmarkSwitcher.FromAssembly(typeof(Seeder).Assembly)
            .Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
        return 0;
    }
}
