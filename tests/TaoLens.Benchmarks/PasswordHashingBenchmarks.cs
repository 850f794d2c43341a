using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using TaoLens.Data.Accounts;

namespace TaoLens.Benchmarks;

/// <summary>
/// What a sign-in costs the server: Identity's password hash check (PBKDF2-HMAC-SHA512, Identity's default iteration
/// count), which is most of a sign-in's CPU and what the sign-in rate limit protects.
/// </summary>
[MemoryDiagnoser]
public class PasswordHashingBenchmarks
{
    private readonly PasswordHasher<TaoLensUser> _hasher = new();
    private readonly TaoLensUser _user = new();
    private string _hash = "";

    [GlobalSetup]
    public void Setup() => _hash = _hasher.HashPassword(_user, "correct horse battery");

    [Benchmark]
    public PasswordVerificationResult VerifyPassword() => _hasher.VerifyHashedPassword(_user, _hash, "correct horse battery");
}
