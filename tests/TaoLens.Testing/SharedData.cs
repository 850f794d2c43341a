namespace TaoLens.Testing;

/// <summary>Paths into ../shared/data (beside the repository), which tests may read and the product may not.</summary>
public static class SharedData
{
    public static string RepositoryRoot { get; } = LocateRepository();

    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string LocateRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaoLens.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("TaoLens.sln was not found above the test assembly.");
    }
}
