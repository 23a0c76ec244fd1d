using System.ComponentModel.DataAnnotations;

namespace WorkOrders.Core.Accounts;

/// <summary>The "WorkOrders:Sessions" section: how long a sign-in lasts.</summary>
public sealed class UserSessionOptions : IValidatableObject
{
    public const string Section = "WorkOrders:Sessions";

    /// <summary>A session ends this long after sign-in, however active it is.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A session with no request and no activity on an open page for this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The idle timeout of a "keep me signed in" session, whose cookie also survives closing the browser.</summary>
    public TimeSpan KeepSignedInIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long "remember this device" spares a device the second factor.</summary>
    public TimeSpan RememberDeviceFor { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AbsoluteLifetime <= TimeSpan.Zero || AbsoluteLifetime > TimeSpan.FromDays(7))
            yield return new ValidationResult("WorkOrders:Sessions:AbsoluteLifetime must be between 0 and 7 days.", [nameof(AbsoluteLifetime)]);
        if (IdleTimeout <= TimeSpan.Zero || IdleTimeout > AbsoluteLifetime)
            yield return new ValidationResult("WorkOrders:Sessions:IdleTimeout must be positive and at most the absolute lifetime.", [nameof(IdleTimeout)]);
        if (KeepSignedInIdleTimeout < IdleTimeout || KeepSignedInIdleTimeout > AbsoluteLifetime)
            yield return new ValidationResult("WorkOrders:Sessions:KeepSignedInIdleTimeout must be between IdleTimeout and AbsoluteLifetime.", [nameof(KeepSignedInIdleTimeout)]);
        if (RememberDeviceFor < TimeSpan.Zero || RememberDeviceFor > TimeSpan.FromDays(90))
            yield return new ValidationResult("WorkOrders:Sessions:RememberDeviceFor must be between 0 and 90 days.", [nameof(RememberDeviceFor)]);
    }
}
