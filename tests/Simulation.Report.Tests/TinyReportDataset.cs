using NetTopologySuite.Geometries;
using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Output;
using Simulation.Report.Geography;
using Simulation.Testing;

namespace Simulation.Report.Tests;

/// <summary>
/// A real three-scenario sweep of <see cref="TinyDistricts.ThreeSchools"/> (the 50/50 pool share at Cedar swept over
/// 0.3, 0.5, 0.7; 40 replications each, run by the core's <see cref="ReplicationRunner"/>) written as a dataset,
/// with two square zones for the map:
/// <code>
///   N0 (zoned to Alder): x -1000..1000, y -500..1500      N1 (zoned to Birch): x 2000..4000, y -400..1600
/// </code>
/// </summary>
public sealed class TinyReportDataset : IDisposable
{
    public const string SharePath = "campus_sets.fifty_fifty.pools.ed.share";
    public static readonly double[] Shares = [0.3, 0.5, 0.7];
    public const int Replications = 40;

    public District District { get; } = TinyDistricts.ThreeSchools();
    public string Folder { get; } = Directory.CreateTempSubdirectory("schoolsim-report-tests-").FullName;
    public IReadOnlyList<IReadOnlyList<ReplicationResult>> Results { get; private set; } = [];
    public IReadOnlyList<ScenarioRecord> Scenarios { get; private set; } = [];

    public static async Task<TinyReportDataset> CreateAsync(int? suppressBelow = null)
    {
        var data = new TinyReportDataset();
        var catalog = new MetricCatalog(data.District.GroupNames);
        var writer = new DatasetWriter(data.Folder, data.District, catalog) { SuppressBelow = suppressBelow };
        var records = new List<ScenarioRecord>();
        var results = new List<IReadOnlyList<ReplicationResult>>();
        for (var s = 0; s < Shares.Length; s++)
        {
            var share = Shares[s].ToString(System.Globalization.CultureInfo.InvariantCulture);
            var spec = TinyScenarioSpecs.FiftyFifty("tiny-sweep", seed: 99, replications: Replications, edShare: Shares[s],
                parameters: [new(SharePath, share)]);
            var compiled = CompiledScenario.Compile(data.District, spec);
            var runner = new ReplicationRunner(compiled);
            var reps = Enumerable.Range(0, Replications).Select(runner.Run).ToList();
            var record = new ScenarioRecord($"s{s:000}", s, spec);
            await writer.WriteScenarioAsync(record, compiled.Layout, reps);
            records.Add(record);
            results.Add(reps);
        }
        await writer.CompleteAsync(records, new RunManifest("0.1.0-test", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            ["run", "tiny.yaml"], new InputFile("tiny.yaml", new string('a', 64)),
            [new InputFile("districts/tiny/district.yaml", new string('b', 64))],
            [new Core.Scenarios.SweepAxis(SharePath, [.. Shares.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))], 1)],
            []));
        data.Results = results;
        data.Scenarios = records;
        return data;
    }

    public DistrictMap Map() => DistrictMap.Create(District, new Dictionary<string, Geometry>
    {
        ["N0"] = Square(-1000, -500, 2000),
        ["N1"] = Square(2000, -400, 2000),
    });

    /// <summary>Mean over replications of the school's ed share, as the report should show it.</summary>
    public double MeanEdShare(int scenario, int school) => Results[scenario]
        .Select(r => (double)r.Enrollment[school * 2] / (r.Enrollment[school * 2] + r.Enrollment[school * 2 + 1]))
        .Average();

    private static Polygon Square(double x, double y, double size) => new GeometryFactory().CreatePolygon(
    [
        new Coordinate(x, y), new Coordinate(x + size, y), new Coordinate(x + size, y + size), new Coordinate(x, y + size), new Coordinate(x, y),
    ]);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
