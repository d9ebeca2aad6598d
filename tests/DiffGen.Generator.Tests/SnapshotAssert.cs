using System.Runtime.CompilerServices;

namespace DiffGen.Generator.Tests;

/// <summary>
/// Compares generated code with <c>Snapshots/&lt;name&gt;.verified.cs</c> in the source tree. On a mismatch it writes
/// <c>&lt;name&gt;.received.cs</c> next to it and fails; <c>DIFFGEN_ACCEPT_SNAPSHOTS=1</c> overwrites the verified file.
/// </summary>
internal static class SnapshotAssert
{
    public const string AcceptVariable = "DIFFGEN_ACCEPT_SNAPSHOTS";

    public static void Matches(string actual, [CallerMemberName] string name = "")
    {
        string folder = SnapshotFolder();
        string verifiedPath = Path.Combine(folder, name + ".verified.cs");
        string receivedPath = Path.Combine(folder, name + ".received.cs");
        string normalized = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verifiedPath, normalized);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == normalized)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, normalized);
        Assert.Fail(
            (verified is null ? $"No snapshot {verifiedPath}." : $"The generated code differs from {verifiedPath}.")
            + $"\nReceived: {receivedPath}"
            + $"\nReview the difference; to accept it, run the tests with {AcceptVariable}=1 (or copy the received file over the verified one)."
            + (verified is null ? "" : "\n" + FirstDifference(verified, normalized)));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace("\r", "\n");

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (int i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            string? e = i < expectedLines.Length ? expectedLines[i] : null;
            string? a = i < actualLines.Length ? actualLines[i] : null;
            if (e != a) return $"First difference at line {i + 1}:\n  verified: {e ?? "(end)"}\n  received: {a ?? "(end)"}";
        }
        return "";
    }

    /// <summary>The Snapshots folder of the test project's source tree, found by walking up from the binaries.</summary>
    private static string SnapshotFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DiffGen.Generator.Tests.csproj")))
            {
                return Path.Combine(directory.FullName, "Snapshots");
            }
        }
        throw new InvalidOperationException($"DiffGen.Generator.Tests.csproj not found above {AppContext.BaseDirectory}.");
    }
}
