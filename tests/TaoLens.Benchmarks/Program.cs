using BenchmarkDotNet.Running;
using TaoLens.Benchmarks.Seeding;

// "seed …" fills a database for the HTTP benchmarks; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "seed")
{
    return await Seeder.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
