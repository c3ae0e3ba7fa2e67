using Simulation.Core.Replications;

namespace Simulation.Output;

/// <summary>
/// The arrays one row group's replications are copied into: one set per position in the row group, allocated on first
/// use and reused by every later row group (and, through <see cref="DatasetWriter"/>'s pool, by later scenarios).
/// </summary>
/// <remarks>A row group holds its replications for as long as it takes to compute 1,000 of them, long enough for the
/// garbage collector to promote them; had the writer kept the producers' arrays, each row group would leave several
/// megabytes of dead objects in the oldest generation, and a long sweep would pay for full collections. Copied into
/// these arrays, which live as long as the dataset writer, the producers' results die young. Not thread-safe.</remarks>
internal sealed class RowGroupSlots(int enrollment, int schools, int metrics)
{
    private readonly List<(int[] Enrollment, int[] Applicants, int[] Waitlisted, double[] Metrics)> _slots = [];

    /// <summary>Copies <paramref name="result"/> into position <paramref name="index"/> and returns a result backed
    /// by the slot's arrays (valid until the position is stored again).</summary>
    public ReplicationResult Store(int index, ReplicationResult result)
    {
        while (_slots.Count <= index) _slots.Add((new int[enrollment], new int[schools], new int[schools], new double[metrics]));
        var slot = _slots[index];
        result.Enrollment.CopyTo(slot.Enrollment, 0);
        result.Applicants.CopyTo(slot.Applicants, 0);
        result.Waitlisted.CopyTo(slot.Waitlisted, 0);
        result.Metrics.CopyTo(slot.Metrics, 0);
        return new ReplicationResult(result.Replication, slot.Enrollment, slot.Applicants, slot.Waitlisted, slot.Metrics);
    }
}
