using System.ComponentModel.DataAnnotations;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Tests.Core.Accounts;

/// <summary>The password policy of every path that sets a password, and how passwords are hashed.</summary>
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("k7#Qz9!")]
    public void Check_ShorterThanEight_Refused(string password) => Assert.NotEmpty(PasswordPolicy.Check(password));

    [Theory]
    [InlineData("tractor lantern")] // no digit, no capital, no symbol: no composition rules
    [InlineData("zq8wv3mk")]
    [InlineData("correct horse battery staple and a tank gauge of 64 characters!")]
    public void Check_LongEnoughAndUncommon_Accepted(string password) => Assert.Empty(PasswordPolicy.Check(password));

    [Fact]
    public void Check_SixtyFourAndMoreCharacters_Accepted()
    {
        Assert.Empty(PasswordPolicy.Check(new string('x', 40) + new string('y', 24)));
        Assert.Empty(PasswordPolicy.Check(string.Concat(Enumerable.Repeat("fuel-dock ", 12))));
    }

    [Theory]
    [InlineData("Password1!")]
    [InlineData("password123")]
    [InlineData("QWERTYUIOP")] // compared without regard to case
    [InlineData("iloveyou2")]
    public void Check_CommonPassword_Refused(string password) =>
        Assert.Contains(PasswordPolicy.Check(password), e => e.Contains("most common passwords", StringComparison.Ordinal));

    [Fact]
    public void CommonPasswords_ShippedList_HasAtLeast100000()
    {
        Assert.True(CommonPasswords.Count >= 100_000, $"{CommonPasswords.Count} common passwords");
    }

    [Fact]
    public async Task IdentityValidator_CommonPassword_FailsWithThePolicysReason()
    {
        var result = await new PolicyPasswordValidator().ValidateAsync(null!, new AppUser(), "Password1!");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Description.Contains("most common", StringComparison.Ordinal));
    }

    [Fact]
    public void Hasher_NewHash_IsPbkdf2Sha512WithAtLeast210000Iterations()
    {
        var hash = Convert.FromBase64String(PasswordPolicy.CreateHasher().HashPassword(new AppUser(), "tractor lantern"));

        Assert.Equal(0x01, hash[0]); // Identity V3 format
        Assert.Equal(2u /* HMACSHA512 */, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)) >= 210_000);
    }

    [Fact]
    public void Hasher_HashOfTheOldCost_NeedsRehash()
    {
        var old = new PasswordHasher<AppUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));
        var hash = old.HashPassword(new AppUser(), "tractor lantern");

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, PasswordPolicy.CreateHasher().VerifyHashedPassword(new AppUser(), hash, "tractor lantern"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Password1!")]
    public void SystemAdminOptions_WeakPassword_Invalid(string password)
    {
        var options = new SystemAdminOptions { Email = "operator@example.com", Password = password };
        var errors = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.StartsWith("WorkOrders:SystemAdmin:Password is refused by the password policy", StringComparison.Ordinal));
    }

    [Fact]
    public void SystemAdminOptions_PolicyPassword_Valid()
    {
        var options = new SystemAdminOptions { Email = "operator@example.com", Password = "grain silo at dusk" };
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}
