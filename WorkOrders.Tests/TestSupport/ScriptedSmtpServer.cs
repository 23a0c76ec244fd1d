using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WorkOrders.Tests.TestSupport;

/// <summary>Where in an SMTP conversation a reply is asked for.</summary>
public enum SmtpStage { Greeting, Hello, MailFrom, RcptTo, Data, EndOfData }

/// <summary>
/// A minimal SMTP server whose replies a test scripts per stage (e.g. "550 5.1.1 No such user" at RCPT TO,
/// "554 No service" at the greeting, "421 closing" anywhere), for the replies netDumbster cannot be told to
/// give. It records the Message-ID of every message it accepted, so a test can count delivered, duplicated
/// and lost mail. A 421 reply closes the connection, as a server going away does.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Func<SmtpStage, string, string?> script;
    private readonly ConcurrentQueue<string> delivered = new();
    private int recipientsRefused;

    /// <summary>Answers every RCPT TO with <paramref name="recipientReply"/> and everything else positively.</summary>
    public ScriptedSmtpServer(string recipientReply) : this((stage, _) => stage == SmtpStage.RcptTo ? recipientReply : null)
    {
    }

    /// <summary><paramref name="script"/> gets the stage and the command's argument; null means the usual positive reply.</summary>
    public ScriptedSmtpServer(Func<SmtpStage, string, string?> script)
    {
        this.script = script;
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int RecipientsRefused => Volatile.Read(ref recipientsRefused);

    /// <summary>The Message-ID of each accepted message, once per acceptance (a duplicate appears twice).</summary>
    public IReadOnlyList<string> Delivered => delivered.ToList();

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        try
        {
            if (!await ReplyAsync(writer, SmtpStage.Greeting, "", "220 scripted.test ESMTP")) return;
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var parts = line.Split(' ', 2);
                var argument = parts.Length > 1 ? parts[1] : "";
                switch (parts[0].ToUpperInvariant())
                {
                    case "EHLO":
                    case "HELO":
                        if (!await ReplyAsync(writer, SmtpStage.Hello, argument, "250 scripted.test")) return;
                        break;
                    case "MAIL":
                        if (!await ReplyAsync(writer, SmtpStage.MailFrom, argument, "250 2.1.0 OK")) return;
                        break;
                    case "RCPT":
                        if (!await ReplyAsync(writer, SmtpStage.RcptTo, argument, "250 2.1.5 OK")) return;
                        break;
                    case "DATA":
                        if (!await ReplyAsync(writer, SmtpStage.Data, argument, "354 go ahead")) return;
                        var messageId = await ReadMessageAsync(reader);
                        if (!await ReplyAsync(writer, SmtpStage.EndOfData, messageId, "250 2.0.0 queued", () => delivered.Enqueue(messageId))) return;
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Writes the scripted or the usual reply; false when the connection is to close.</summary>
    private async Task<bool> ReplyAsync(StreamWriter writer, SmtpStage stage, string argument, string positive, Action? accepted = null)
    {
        var reply = script(stage, argument) ?? positive;
        if (reply[0] is '2' or '3') accepted?.Invoke();
        else if (stage == SmtpStage.RcptTo) Interlocked.Increment(ref recipientsRefused);
        await writer.WriteLineAsync(reply);
        return !reply.StartsWith("421", StringComparison.Ordinal) && !(stage == SmtpStage.Greeting && reply[0] is '5');
    }

    private async Task<string> ReadMessageAsync(StreamReader reader)
    {
        var messageId = "";
        var inHeaders = true;
        while (await reader.ReadLineAsync(stop.Token) is { } line && line != ".")
        {
            if (line.Length == 0) inHeaders = false;
            if (inHeaders && line.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase)) messageId = line["Message-ID:".Length..].Trim();
        }
        return messageId;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
