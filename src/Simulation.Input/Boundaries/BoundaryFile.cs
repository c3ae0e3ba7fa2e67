using System.Globalization;
using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Chains;
using Simulation.Core.Scenarios;
using Simulation.Input.Files;
using Simulation.Input.Yaml;

namespace Simulation.Input.Boundaries;

/// <summary>Settings of the annealing optimizer (<c>optimize:</c> block).</summary>
/// <param name="TravelWeights">One annealing run per weight: energy = D + weight × mean travel km.</param>
public sealed record OptimizeSettings(long Steps, double BetaStart, double BetaEnd, IReadOnlyList<double> TravelWeights,
    double MovedWeight);

/// <summary>
/// A boundary file (<c>BOUNDARY.yaml</c>): which district, the initial plan, the chain's proposal, constraints and
/// acceptance, steps, chains and seed, plans to compare with the ensemble and the optimizer's settings. The format
/// is documented in <c>docs/boundaries.md</c>.
/// </summary>
public sealed record BoundaryFile(
    string Path,
    string Sha256,
    string? Description,
    string DistrictFolder,
    string? Output,
    string? InitialPlan,
    int Chains,
    EnsembleSpec Spec,
    IReadOnlyList<string> Compare,
    OptimizeSettings? Optimize)
{
    /// <exception cref="InputException">Any problem, located by line and field.</exception>
    public static BoundaryFile Load(string path)
    {
        var (document, file) = YamlParameterTree.Load(path);
        try
        {
            return Bind(path, file, document);
        }
        catch (ScenarioFormatException e)
        {
            throw InputException.FromFormat(path, e);
        }
    }

    private static BoundaryFile Bind(string path, InputFile file, MapNode document)
    {
        var root = new NodeReader(document, "");
        var folder = System.IO.Path.GetDirectoryName(path) ?? "";
        string Resolve(string p) => System.IO.Path.Combine(folder, p.Trim());
        var district = Resolve(root.Text("district"));
        var description = root.OptionalText("description");
        var output = root.OptionalText("output");
        var initial = root.OptionalText("initial") is { } i && i != "current" ? Resolve(i) : null;
        var seed = root.Optional("seed") is { } seedNode ? ParseSeed("seed", seedNode) : 20261130UL;
        var steps = root.Optional("steps") is null ? 10_000 : root.Int("steps", 0);
        var chains = root.Optional("chains") is null ? 4 : root.Int("chains", 1);
        var proposal = Choice(root, "proposal", "flip", ["flip", "recom"]) == "flip" ? ProposalKind.Flip : ProposalKind.Recom;

        var constraints = root.OptionalMap("constraints");
        double capMin = 0.85, capMax = 1.10;
        double? maxKm = null, maxIncrease = null;
        int? maxMoved = null;
        if (constraints is not null)
        {
            if (constraints.OptionalList("capacity") is { } band)
            {
                var p = constraints.PathOf("capacity");
                if (band.Items.Count != 2) throw new ScenarioFormatException(p, band.Line, "expected [min, max], e.g. [0.85, 1.10]");
                capMin = NodeReader.ParseDouble(p + ".0", band.Items[0], 0);
                capMax = NodeReader.ParseDouble(p + ".1", band.Items[1], capMin);
            }
            if (constraints.Optional("max_travel_km") is not null) maxKm = constraints.Double("max_travel_km", 0);
            if (constraints.Optional("max_travel_increase_km") is not null) maxIncrease = constraints.Double("max_travel_increase_km", 0);
            if (constraints.Optional("max_students_moved") is not null) maxMoved = constraints.Int("max_students_moved", 0);
            constraints.RejectUnknownKeys();
        }

        var acceptance = Choice(root, "acceptance", "always", ["always", "metropolis"]) == "always"
            ? AcceptanceKind.Always : AcceptanceKind.Metropolis;
        var beta = root.Optional("beta") is null ? 0 : root.Double("beta", 0);
        var energy = new Energy(Dissimilarity: 1);
        if (root.OptionalMap("energy") is { } e)
        {
            energy = new Energy(
                Weight(e, "dissimilarity"), Weight(e, "theil_h"), Weight(e, "travel_km"), Weight(e, "students_moved"));
            e.RejectUnknownKeys();
        }
        var compare = root.OptionalList("compare") is { } list
            ? NodeReader.TextList("compare", list).Select(Resolve).ToArray()
            : [];

        OptimizeSettings? optimize = null;
        if (root.OptionalMap("optimize") is { } o)
        {
            var optSteps = o.Optional("steps") is null ? 20_000 : o.Int("steps", 1);
            double betaStart = 10, betaEnd = 2000;
            if (o.OptionalList("beta") is { } betas)
            {
                var p = o.PathOf("beta");
                if (betas.Items.Count != 2) throw new ScenarioFormatException(p, betas.Line, "expected [start, end]");
                betaStart = NodeReader.ParseDouble(p + ".0", betas.Items[0], 0);
                betaEnd = NodeReader.ParseDouble(p + ".1", betas.Items[1], betaStart);
            }
            IReadOnlyList<double> weights = [0, 0.02, 0.05, 0.1];
            if (o.OptionalList("travel_weights") is { } w)
                weights = w.Items.Select((node, k) => NodeReader.ParseDouble($"{o.PathOf("travel_weights")}.{k}", node, 0)).ToArray();
            var moved = o.Optional("students_moved_weight") is null ? 0 : o.Double("students_moved_weight", 0);
            o.RejectUnknownKeys();
            optimize = new OptimizeSettings(optSteps, betaStart, betaEnd, weights, moved);
        }
        root.RejectUnknownKeys();

        var spec = new EnsembleSpec(proposal, capMin, capMax, maxKm, maxIncrease, maxMoved, acceptance, beta, energy, steps, seed);
        return new BoundaryFile(path, file.Sha256, description, district, output, initial, chains, spec, compare, optimize);
    }

    private static double Weight(NodeReader map, string key) => map.Optional(key) is null ? 0 : map.Double(key, 0);

    private static string Choice(NodeReader root, string key, string fallback, string[] allowed)
    {
        if (root.Optional(key) is not { } node) return fallback;
        var text = NodeReader.ScalarText(root.PathOf(key), node).Trim();
        return allowed.Contains(text)
            ? text
            : throw new ScenarioFormatException(root.PathOf(key), node.Line, $"expected one of {string.Join(", ", allowed)}, got '{text}'");
    }

    private static ulong ParseSeed(string path, ParameterNode node)
    {
        var text = NodeReader.ScalarText(path, node);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new ScenarioFormatException(path, node.Line, $"expected a non-negative integer, got '{text}'");
    }
}
