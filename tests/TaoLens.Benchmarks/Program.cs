using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using TaoLens.Benchmarks.Seeding;

// "seed …" fills a database for the HTTP benchmarks; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "seed")
{
    return await Seeder.RunAsync(args[1..]);
}

// BenchmarkDotNet rebuilds the project (the web app included, for the ledger import) and gives up after 2 minutes by default.
BenchmarkSwitcher.FromAssembly(typeof(TaoLens.Benchmarks.SnapshotCopyBenchmarks).Assembly)
    .Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
return 0;
