using RadLine;
using Spectre.Console;

namespace Quiver.Cli;

/// <summary>What one read of the input gave.</summary>
internal enum InputKind
{
    /// <summary>A line (or, at a terminal, several lines edited together).</summary>
    Text,

    /// <summary>Ctrl-C at the prompt: drop what was typed so far.</summary>
    Interrupted,

    /// <summary>End of input: Ctrl-D on an empty line, or the end of a file or pipe.</summary>
    End,
}

internal readonly record struct InputLine(InputKind Kind, string Text = "");

/// <summary>Where the shell's input comes from: a terminal with line editing, or plain text.</summary>
internal interface ILineReader
{
    /// <param name="continuation">The statement so far is not complete: prompt for more of it.</param>
    Task<InputLine> ReadAsync(bool continuation);
}

/// <summary>Lines of a file, a pipe, or a terminal that cannot edit (prompts only when <paramref name="prompts"/> is given).</summary>
internal sealed class TextLineReader(TextReader input, TextWriter? prompts) : ILineReader
{
    public async Task<InputLine> ReadAsync(bool continuation)
    {
        prompts?.Write(continuation ? TerminalLineReader.MorePrompt : TerminalLineReader.Prompt);
        return await input.ReadLineAsync() is { } line ? new InputLine(InputKind.Text, line) : new InputLine(InputKind.End);
    }
}

/// <summary>
/// RadLine's line editor at a terminal: arrows, Home/End, word moves, multi-line statements (Enter runs a line that
/// ends with ';', starts with '\' or is empty, and otherwise opens a new line), history in the user's home. Ctrl-C
/// clears what was typed, Ctrl-D on an empty line ends the shell.
/// </summary>
internal sealed class TerminalLineReader : ILineReader
{
    public const string Prompt = "quiver> ";
    public const string MorePrompt = "   ...> ";

    private readonly LineEditor _editor;
    private readonly ContinuationPrompt _prompt = new();
    private readonly CommandHistory _history;
    private InputKind _outcome;

    public TerminalLineReader(CommandHistory history)
    {
        _history = history;
        _editor = new LineEditor(AnsiConsole.Console) { MultiLine = true, Prompt = _prompt };
        foreach (var entry in history.Entries)
        {
            _editor.History.Add(entry);
        }

        var keys = _editor.KeyBindings;
        keys.Add(ConsoleKey.Enter, () => new EnterCommand());
        // Up and Down walk the history, as in psql and the duckdb shell; Ctrl+Up/Down move between a statement's lines.
        keys.Add(ConsoleKey.UpArrow, () => new PreviousHistoryCommand());
        keys.Add(ConsoleKey.DownArrow, () => new NextHistoryCommand());
        keys.Add(ConsoleKey.UpArrow, ConsoleModifiers.Control, () => new MoveUpCommand());
        keys.Add(ConsoleKey.DownArrow, ConsoleModifiers.Control, () => new MoveDownCommand());
        keys.Add(ConsoleKey.C, ConsoleModifiers.Control, () => new StopCommand(this, InputKind.Interrupted));
        keys.Add(ConsoleKey.D, ConsoleModifiers.Control, () => new StopCommand(this, InputKind.End));
        keys.Add(ConsoleKey.A, ConsoleModifiers.Control, () => new MoveHomeCommand());
        keys.Add(ConsoleKey.E, ConsoleModifiers.Control, () => new MoveEndCommand());
    }

    /// <summary>True when the console can host the editor (a terminal that takes ANSI codes).</summary>
    public static bool IsSupported => !Console.IsInputRedirected && LineEditor.IsSupported(AnsiConsole.Console);

    public async Task<InputLine> ReadAsync(bool continuation)
    {
        _prompt.Continuation = continuation;
        _outcome = InputKind.Text;
        // Ctrl-C arrives as a key while editing (it clears the line); while a statement runs it is a signal again,
        // which cancels the statement.
        Console.TreatControlCAsInput = true;
        string? text;
        try
        {
            text = await _editor.ReadLine(CancellationToken.None);
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }

        if (text is null)
        {
            return new InputLine(_outcome == InputKind.Text ? InputKind.End : _outcome);
        }

        _history.Add(text);
        return new InputLine(InputKind.Text, text);
    }

    private sealed class ContinuationPrompt : ILineEditorPrompt
    {
        private static readonly Markup First = new(Prompt);
        private static readonly Markup More = new(MorePrompt);

        public bool Continuation { get; set; }

        public (Markup Markup, int Margin) GetPrompt(ILineEditorState state, int line)
            => (line == 0 && !Continuation ? First : More, 0);
    }

    private sealed class EnterCommand : LineEditorCommand
    {
        public override void Execute(LineEditorContext context)
        {
            var line = context.Buffer.Content.Trim();
            context.Submit(line.Length == 0 || line.EndsWith(';') || line.StartsWith('\\') ? SubmitAction.Submit : SubmitAction.NewLine);
        }
    }

    /// <summary>Ctrl-C always; Ctrl-D only on an empty line (elsewhere it deletes the character under the cursor).</summary>
    private sealed class StopCommand(TerminalLineReader reader, InputKind kind) : LineEditorCommand
    {
        public override void Execute(LineEditorContext context)
        {
            if (kind == InputKind.End && context.Buffer.Content.Length > 0)
            {
                context.Execute(new DeleteCommand());
                return;
            }

            reader._outcome = kind;
            context.Submit(SubmitAction.Cancel);
        }
    }
}
