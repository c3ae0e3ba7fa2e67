using Simulation.Core.Model;

namespace Simulation.Testing;

/// <summary>Hand-made districts small enough to check results by hand.</summary>
public static class TinyDistricts
{
    /// <summary>
    /// Three schools, two neighborhoods, grades K and 1, groups <c>ed</c> / <c>not_ed</c>.
    /// <code>
    ///   N0 "Northside" (poverty 0.40)                 N1 "Southside" (poverty 0.10)
    ///   zoned to A                                    zoned to B
    ///
    ///   [A 101 Alder, B] ----- 2 km ----- [C 201 Cedar, A, choice] ----- 1 km ----- [B 102 Birch, A]
    ///
    ///   students (K / 1)      ed        not_ed
    ///   N0                  30 / 28    10 / 12
    ///   N1                   8 / 6     32 / 34
    ///
    ///   seats (K / 1): A 40 / 40, B 40 / 40, C 20 / 20
    ///   km      A    B    C
    ///   N0     0.5  3.0  2.0
    ///   N1     3.2  0.6  1.0
    /// </code>
    /// 160 students, 200 seats; C is the only choice campus.
    /// </summary>
    public static District ThreeSchools() => new(
        id: "tiny-3",
        name: "Tiny three-school district",
        gradeNames: ["K", "1"],
        groupNames: ["ed", "not_ed"],
        schools:
        [
            new SchoolInfo("101", "Alder Elementary", 0, 0, "B", 3, IsChoice: false, RealEnrollment: 80, RealEdShare: 0.725),
            new SchoolInfo("102", "Birch Elementary", 3000, 0, "A", 4, IsChoice: false, RealEnrollment: 80, RealEdShare: 0.175),
            new SchoolInfo("201", "Cedar Montessori", 2000, 0, "A", 4, IsChoice: true, RealEnrollment: 40, RealEdShare: 0.5),
        ],
        neighborhoods:
        [
            new NeighborhoodInfo("N0", "Northside", 0, 500, ZonedSchool: 0, ChildPovertyRate: 0.40),
            new NeighborhoodInfo("N1", "Southside", 3000, 600, ZonedSchool: 1, ChildPovertyRate: 0.10),
        ],
        // (neighborhood, grade, group)
        cohortCounts: [30, 10, 28, 12, 8, 32, 6, 34],
        // (school, grade)
        seatsByGrade: [40, 40, 40, 40, 20, 20],
        // (neighborhood, school)
        distanceKm: [0.5, 3.0, 2.0, 3.2, 0.6, 1.0]);
}
