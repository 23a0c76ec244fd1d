using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace WorkOrders.Core.Email;

/// <summary>Where outgoing mail goes: an SMTP server, or a folder of .eml files.</summary>
public interface IMailTransport
{
    /// <summary>Opens one session for a batch; a failure to connect is thrown from here.</summary>
    Task<IMailSession> OpenAsync(CancellationToken ct);
}

public interface IMailSession : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Delivers through an SMTP server with MailKit, one connection per batch.</summary>
public sealed class SmtpMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    public async Task<IMailSession> OpenAsync(CancellationToken ct)
    {
        var o = options.Value;
        var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            var security = o.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.Auto,
            };
            await client.ConnectAsync(o.SmtpHost!, o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            return new Session(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Session(SmtpClient client) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct) => await client.SendAsync(message, ct);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException)
            {
                // The messages of the batch are already accounted for; a rude goodbye changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>
/// Writes each message as &lt;id&gt;.eml into the pickup folder, so a fresh install "sends" mail with no
/// server. The file name is the outbox id, so writing a message twice replaces the file instead of
/// duplicating it.
/// </summary>
public sealed class PickupFolderTransport(MailPickupFolder folder) : IMailTransport
{
    public Task<IMailSession> OpenAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(folder.Path);
        return Task.FromResult<IMailSession>(new Session(folder.Path));
    }

    private sealed class Session(string path) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            var name = (message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0];
            var target = Path.Combine(path, name + ".eml");
            var temporary = target + ".tmp";
            // Written aside and moved into place, so a reader of the folder never sees half a message.
            await message.WriteToAsync(temporary, ct);
            File.Move(temporary, target, overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>The absolute pickup folder for .eml files.</summary>
public sealed record MailPickupFolder(string Path);
