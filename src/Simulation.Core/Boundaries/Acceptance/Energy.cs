namespace Simulation.Core.Boundaries.Acceptance;

/// <summary>
/// A weighted energy of a plan: <c>Dissimilarity × D + TheilH × H + TravelKm × mean travel (km) + StudentsMoved ×
/// share of students moved</c>. Lower is better; the Metropolis rule and the annealer minimise it.
/// </summary>
public sealed record Energy(double Dissimilarity = 0, double TheilH = 0, double TravelKm = 0, double StudentsMoved = 0)
{
    public double Of(Plan plan) =>
        Dissimilarity * plan.Dissimilarity + TheilH * plan.TheilH + TravelKm * plan.MeanTravelKm +
        StudentsMoved * plan.StudentsMoved / plan.Graph.TotalStudents;
}
