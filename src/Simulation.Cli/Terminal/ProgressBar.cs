using System.Diagnostics;

namespace Simulation.Cli.Terminal;

/// <summary>
/// A replication progress bar on standard error: redrawn in place on a terminal, or one line per 10% when the output
/// is redirected (logs, CI). Thread-safe.
/// </summary>
public sealed class ProgressBar(long total, TextWriter output, bool interactive)
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _done;
    private int _lastDecile = -1;
    private long _lastDraw;

    public void Advance(int count)
    {
        lock (_gate)
        {
            _done += count;
            if (interactive)
            {
                if (_clock.ElapsedMilliseconds - _lastDraw < 100 && _done < total) return;
                _lastDraw = _clock.ElapsedMilliseconds;
                output.Write("\r" + Line());
            }
            else
            {
                var decile = (int)(10 * _done / Math.Max(1, total));
                if (decile == _lastDecile) return;
                _lastDecile = decile;
                output.WriteLine(Line());
            }
        }
    }

    public void Finish()
    {
        lock (_gate)
            if (interactive) output.WriteLine();
    }

    private string Line()
    {
        var fraction = total == 0 ? 1 : (double)_done / total;
        var filled = (int)Math.Round(fraction * Width);
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        return $"[{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {_done}/{total} replications  {_done / seconds,8:F1}/s";
    }
}
