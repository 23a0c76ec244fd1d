using System.IO.Compression;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Accounts;

/// <summary>
/// The one password policy of every path that sets a password (invitation, reset, change, the
/// configured system administrator): a length range and a list of common passwords, no composition
/// rules. Also the one place that says how passwords are hashed.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int SuggestedLength = 15;
    public const int MaxLength = 128;

    /// <summary>PBKDF2-HMAC-SHA512 (Identity's V3 format) at this count; older hashes are upgraded at sign-in.</summary>
    public const int HashIterations = 210_000;

    public static readonly string Hint =
        $"At least {MinLength} characters ({SuggestedLength} or more is better: a few unrelated words work well). Any characters, spaces too; no very common passwords.";

    /// <summary>The reasons a password is refused; empty when it is accepted.</summary>
    public static IReadOnlyList<string> Check(string? password)
    {
        if (string.IsNullOrEmpty(password)) return ["Choose a password."];
        if (password.Length < MinLength) return [$"The password must have at least {MinLength} characters."];
        if (password.Length > MaxLength) return [$"The password may have at most {MaxLength} characters."];
        if (CommonPasswords.Contains(password)) return ["This password is one of the most common passwords and easy to guess. Choose another one."];
        return [];
    }

    /// <summary>Identity's own rules off: <see cref="PolicyPasswordValidator"/> checks length and list, in its own words.</summary>
    public static void Apply(PasswordOptions options)
    {
        options.RequiredLength = 1;
        options.RequireDigit = false;
        options.RequireLowercase = false;
        options.RequireUppercase = false;
        options.RequireNonAlphanumeric = false;
        options.RequiredUniqueChars = 1;
    }

    public static void Apply(PasswordHasherOptions options)
    {
        options.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
        options.IterationCount = HashIterations;
    }

    /// <summary>A hasher with the policy's settings, for code that runs outside a request (seeding, start-up).</summary>
    public static PasswordHasher<AppUser> CreateHasher()
    {
        var options = new PasswordHasherOptions();
        Apply(options);
        return new PasswordHasher<AppUser>(Options.Create(options));
    }
}

/// <summary>
/// The 100,000 most common leaked passwords that are at least <see cref="PasswordPolicy.MinLength"/>
/// characters long (shorter ones are refused by length anyway), compared without regard to case.
/// Source and licence: common-passwords.LICENSE.md beside this file.
/// </summary>
public static class CommonPasswords
{
    private static readonly Lazy<HashSet<string>> Set = new(Load);

    public static int Count => Set.Value.Count;

    public static bool Contains(string password) => Set.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var resource = typeof(CommonPasswords).Assembly.GetManifestResourceStream("WorkOrders.Core.Accounts.common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) set.Add(line);
        }
        return set;
    }
}

/// <summary>Puts <see cref="PasswordPolicy"/> into Identity, so UserManager refuses what the policy refuses.</summary>
public sealed class PolicyPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var errors = PasswordPolicy.Check(password);
        return Task.FromResult(errors.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed(errors.Select(e => new IdentityError { Code = "PasswordPolicy", Description = e }).ToArray()));
    }
}
