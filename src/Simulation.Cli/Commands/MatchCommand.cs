using System.Security.Cryptography;
using System.Text;
using Simulation.Core.Mechanisms;
using Simulation.Core.Scenarios;
using Simulation.Input.Matching;

namespace Simulation.Cli.Commands;

/// <summary>
/// <c>schoolsim match</c>: runs one mechanism on one explicit instance (CSV in, CSV out), for checking the engine
/// against other tools. Formats and semantics: docs/match.md.
/// </summary>
/// <remarks>Runs in-process without a silo. Everything is read and checked before anything is written; the output
/// goes to a temporary file in the destination folder that is renamed over the destination, so a failed run leaves
/// no output (and an earlier file of the same name untouched).</remarks>
public static class MatchCommand
{
    public const string Usage =
        "schoolsim match --mechanism da|boston|ttc|rsd|school-lotteries --schools schools.csv --preferences preferences.csv\n" +
        "                  [--priorities priorities.csv] [--students students.csv] [--pools pools.csv]\n" +
        "                  [--tie-breaking single|multiple|pool] [--seed N] --out assignment.csv";

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout)
    {
        var a = Arguments.Parse(args, ["mechanism", "schools", "preferences", "priorities", "students", "pools", "tie-breaking", "seed", "out"], []);
        if (a.Positionals.Count > 0) throw new UsageException($"unexpected argument '{a.Positionals[0]}'\nusage: " + Usage);
        var mechanismName = Required(a, "mechanism");
        var kind = AssignmentMechanisms.Parse(mechanismName)
                   ?? throw new UsageException($"option --mechanism: expected one of {string.Join(", ", AssignmentMechanisms.Names)}, got '{mechanismName}'");
        var tieBreakingName = a.Get("tie-breaking") ?? "single";
        var tieBreaking = AssignmentMechanisms.ParseTieBreaking(tieBreakingName)
                          ?? throw new UsageException($"option --tie-breaking: expected single, multiple or pool, got '{tieBreakingName}'");
        if (!AssignmentMechanisms.UsesSeatPools(kind) && a.Has("pools"))
            throw new UsageException($"{mechanismName} uses each school's total seats; it does not take --pools");
        if (!AssignmentMechanisms.UsesPriorities(kind) && (a.Has("priorities") || tieBreaking != TieBreaking.Single))
            throw new UsageException($"{mechanismName} orders students by one lottery number each; it takes neither --priorities nor --tie-breaking {tieBreakingName}");
        if (!AssignmentMechanisms.UsesSeatPools(kind) && tieBreaking == TieBreaking.Pool)
            throw new UsageException($"{mechanismName} uses each school's total seats; it has no pool lotteries (--tie-breaking pool)");
        var output = Required(a, "out");
        var files = new MatchingFiles(Required(a, "schools"), Required(a, "preferences"), a.Get("priorities"), a.Get("students"), a.Get("pools"));
        var seed = a.GetSeed("seed") ?? 0;

        var instance = MatchingInstance.Load(files, tieBreaking, seed);
        var problem = instance.Problem;
        var rank = new int[problem.StudentCount];
        AssignmentMechanisms.Create(kind, problem.Seats).Run(problem, rank);
        var assigned = WriteAtomically(output, instance, rank);
        stdout.WriteLine($"{mechanismName}: {assigned:N0} of {problem.StudentCount:N0} students assigned → {output}");
        return 0;
    }

    private static string Required(Arguments a, string name) =>
        a.Get(name) ?? throw new UsageException($"option --{name} is required\nusage: " + Usage);

    private static int WriteAtomically(string path, MatchingInstance instance, int[] rank)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, "." + Path.GetFileName(path) + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var assigned = 0;
        try
        {
            using (var writer = new StreamWriter(new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16))
            {
                writer.NewLine = "\n";
                writer.WriteLine("student_id,school_id,rank");
                var p = instance.Problem;
                for (var i = 0; i < rank.Length; i++)
                {
                    writer.Write(Quote(instance.StudentIds[i]));
                    if (rank[i] < 0)
                    {
                        writer.WriteLine(",,");
                        continue;
                    }
                    var entry = p.ListStart[i] + rank[i];
                    writer.Write(',');
                    writer.Write(Quote(instance.SchoolIds[p.ListSchool[entry]]));
                    writer.Write(',');
                    writer.WriteLine(instance.ListRank[entry]);
                    assigned++;
                }
                writer.Flush();
                ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            return assigned;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static string Quote(string id) =>
        id.AsSpan().IndexOfAny(",\"\r\n") < 0 ? id : "\"" + id.Replace("\"", "\"\"") + "\"";
}
