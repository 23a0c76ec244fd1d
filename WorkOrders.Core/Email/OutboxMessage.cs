namespace WorkOrders.Core.Email;

public enum OutboxStatus { Queued, Sent, Failed, Dead }

/// <summary>
/// An e-mail waiting to be sent. Written in the same transaction as the event it tells of, so
/// nothing is sent for a change that did not happen and nothing is lost when SMTP is down.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage() { }

    public OutboxMessage(string toAddress, string toName, string subject, string textBody, string htmlBody, DateTimeOffset createdAt, string? userId = null, int? workOrderId = null, int? outsideInvitationId = null)
    {
        OutsideInvitationId = outsideInvitationId;
        Id = Guid.NewGuid();
        ToAddress = toAddress;
        ToName = toName;
        Subject = subject;
        TextBody = textBody;
        HtmlBody = htmlBody;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        UserId = userId;
        WorkOrderId = workOrderId;
    }

    public Guid Id { get; private set; }

    /// <summary>Stable across retries, so a receiver can recognise a second delivery after a crash.</summary>
    public string MessageId => $"{Id:N}@workorders";

    public string ToAddress { get; private set; } = "";
    public string ToName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public string? UserId { get; private set; }
    public int? WorkOrderId { get; private set; }

    /// <summary>
    /// Set on the notice to the owner of an address another organisation invited: that organisation's admins see
    /// this message in their outbox as the invitation they sent, never as what it is (see docs/SECURITY.md).
    /// </summary>
    public int? OutsideInvitationId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Queued;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}
