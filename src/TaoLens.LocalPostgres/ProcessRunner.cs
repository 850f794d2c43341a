using System.Diagnostics;

namespace TaoLens.LocalPostgres;

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Tail => string.Join(" | ", (StandardError + "\n" + StandardOutput)
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .TakeLast(3));
}

/// <summary>Runs a program to completion, optionally as another OS user (through runuser, when this process is root).</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string? runAsUser, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (runAsUser is null)
        {
            info.FileName = fileName;
        }
        else
        {
            info.FileName = "runuser";
            foreach (var prefix in new[] { "-u", runAsUser, "--", fileName })
            {
                info.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The server inherits the environment; keep locale settings from leaking into initdb.
        info.Environment["LC_ALL"] = "C";

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new EmbeddedPostgresException($"Could not run '{info.FileName}': {ex.Message}.", ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
