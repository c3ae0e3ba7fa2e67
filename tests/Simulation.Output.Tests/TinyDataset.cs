using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Testing;

namespace Simulation.Output.Tests;

/// <summary>
/// Hand-made inputs for a dataset over <see cref="TinyDistricts.ThreeSchools"/>: two scenarios of three
/// replications each, with an empty school (null shares), a seatless school (null capacity use) and NaN metrics.
/// </summary>
internal sealed class TinyDataset
{
    public const string SharePath = "campus_sets.fifty_fifty.pools.ed.share";
    public const string TieBreakingPath = "choice.tie_breaking";

    public static readonly DateTimeOffset CreatedAt = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public District District { get; } = TinyDistricts.ThreeSchools();
    public MetricCatalog Catalog { get; }
    public IReadOnlyList<ScenarioRecord> Scenarios { get; }
    public IReadOnlyList<ScenarioLayout> Layouts { get; }
    public IReadOnlyList<IReadOnlyList<ReplicationResult>> Results { get; }

    public TinyDataset()
    {
        Catalog = new MetricCatalog(District.GroupNames);
        Scenarios =
        [
            new ScenarioRecord("s000", 0, TinyScenarioSpecs.FiftyFifty("half", seed: 42, edShare: 0.5,
                parameters: [new(SharePath, "0.5"), new(TieBreakingPath, "single")])),
            new ScenarioRecord("s001", 1, MultipleTieBreaking(TinyScenarioSpecs.FiftyFifty("sixty", seed: ulong.MaxValue,
                edShare: 0.6, parameters: [new(SharePath, "0.6"), new(TieBreakingPath, "multiple")]))),
        ];
        Layouts =
        [
            // Cedar reserves half its seats for ed students; nobody reserves anything for not_ed.
            new ScenarioLayout([80, 80, 40], [double.NaN, double.NaN, double.NaN, double.NaN, 0.5, double.NaN],
                [0, 1], HomeAreaCutoff: 0.25),
            // Cedar has no seats in this scenario, so its capacity use is undefined.
            new ScenarioLayout([80, 80, 0], [double.NaN, double.NaN, double.NaN, double.NaN, 0.6, double.NaN],
                [0, 1], HomeAreaCutoff: 0.25),
        ];
        Results =
        [
            [
                // enrollment per (school, group): Alder ed/not_ed, Birch ed/not_ed, Cedar ed/not_ed; 160 each
                Result(0, [50, 20, 10, 60, 5, 15], applicants: [0, 0, 31], waitlisted: [0, 0, 11]),
                Result(1, [48, 22, 12, 58, 7, 13], applicants: [0, 0, 29], waitlisted: [0, 0, 9], noNotEdApplicants: true),
                Result(2, [55, 25, 13, 67, 0, 0], applicants: [0, 0, 0], waitlisted: [0, 0, 0]),
            ],
            [
                Result(0, [58, 22, 14, 66, 0, 0], applicants: [0, 0, 0], waitlisted: [0, 0, 0]),
                Result(1, [57, 23, 15, 65, 0, 0], applicants: [0, 0, 0], waitlisted: [0, 0, 0]),
                Result(2, [56, 24, 16, 64, 0, 0], applicants: [0, 0, 0], waitlisted: [0, 0, 0]),
            ],
        ];
    }

    public DatasetWriter OpenWriter(string directory) => new(directory, District, Catalog);

    /// <summary>Every scenario written, ready for <see cref="DatasetWriter.CompleteAsync"/>.</summary>
    public async Task WriteScenariosAsync(DatasetWriter writer)
    {
        for (var s = 0; s < Scenarios.Count; s++)
            await writer.WriteScenarioAsync(Scenarios[s], Layouts[s], Results[s]);
    }

    /// <summary>A complete dataset in <paramref name="directory"/>.</summary>
    public async Task<DatasetManifest> WriteAsync(string directory)
    {
        var writer = OpenWriter(directory);
        await WriteScenariosAsync(writer);
        return await writer.CompleteAsync(Scenarios, Manifest(CreatedAt));
    }

    public RunManifest Manifest(DateTimeOffset createdAt) => new(
        EngineVersion: "0.1.0-test",
        CreatedAt: createdAt,
        CommandLine: ["run", "scenarios/tiny.yaml", "--replications", "3"],
        ScenarioFile: new InputFile("scenarios/tiny.yaml", new string('a', 64)),
        DistrictInputs: [new InputFile("scenarios/tiny/schools.csv", new string('b', 64))],
        SweepAxes:
        [
            new SweepAxis(SharePath, ["0.5", "0.6"], 12),
            new SweepAxis(TieBreakingPath, ["single", "multiple"], 13),
        ],
        Timings: [new RunTiming("simulate", 1.5), new RunTiming("write", 0.25)]);

    private static ScenarioSpec MultipleTieBreaking(ScenarioSpec spec) =>
        spec with { Choice = spec.Choice with { TieBreaking = TieBreaking.Multiple } };

    /// <summary>Metric values: <c>students</c> is the enrollment total, the others <c>100·replication + index</c>,
    /// except the not_ed admission and first-choice rates, which are NaN when the group had no applicants.</summary>
    private ReplicationResult Result(
        int replication, int[] enrollment, int[] applicants, int[] waitlisted, bool noNotEdApplicants = false)
    {
        var metrics = new double[Catalog.Count];
        for (var m = 0; m < metrics.Length; m++) metrics[m] = 100 * replication + m + 0.5;
        metrics[MetricCatalog.Students] = enrollment.Sum();
        if (noNotEdApplicants)
        {
            metrics[Catalog.AdmissionRateOf(1)] = double.NaN;
            metrics[Catalog.FirstChoiceRateOf(1)] = double.NaN;
        }
        return new ReplicationResult(replication, enrollment, applicants, waitlisted, metrics);
    }
}
