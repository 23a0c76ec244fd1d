using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Identity's sign-in with the product's rules: disabled users cannot sign in; every sign-in starts a
/// server-side session that sign-out ends; an organisation that requires two-factor sign-in gets no
/// session without the second factor; and a failure costs the same time whether or not the account
/// exists, is locked or is disabled.
/// </summary>
public sealed class WorkOrdersSignInManager(
    UserManager<AppUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, UserSessions sessions, TwoFactorRequirement twoFactorRequirement)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>The claim in the sign-in cookie that names its server-side session.</summary>
    public const string SessionClaim = "wo:sid";

    // A hash at today's cost that no password matches: verifying it takes as long as verifying a real one.
    private static readonly Lazy<string> DummyHash = new(() => PasswordPolicy.CreateHasher().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    public override async Task<bool> CanSignInAsync(AppUser user) => user.IsActive && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            SpendHashingTime(password);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>A locked or disabled account is refused before its password is checked; spend the time anyway.</summary>
    protected override async Task<SignInResult?> PreSignInCheck(AppUser user)
    {
        var refused = await base.PreSignInCheck(user);
        if (refused is not null) SpendHashingTime("");
        return refused;
    }

    protected override async Task<SignInResult> SignInOrTwoFactorAsync(AppUser user, bool isPersistent, string? loginProvider = null, bool bypassTwoFactor = false)
    {
        if (!await UserManager.GetTwoFactorEnabledAsync(user) && await twoFactorRequirement.IsRequiredForAsync(user))
        {
            // Half signed in, as for a second factor: only the set-up page can finish the sign-in.
            var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
            identity.AddClaim(new Claim(ClaimTypes.Name, user.Id));
            await Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
            return SignInResult.TwoFactorRequired;
        }
        return await base.SignInOrTwoFactorAsync(user, isPersistent, loginProvider, bypassTwoFactor);
    }

    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.ToList();
        authenticationProperties ??= new AuthenticationProperties();
        if (!claims.Any(c => c.Type == SessionClaim))
        {
            var session = await sessions.StartAsync(user.Id, authenticationProperties.IsPersistent, Context.RequestAborted);
            claims.Add(new Claim(SessionClaim, session.SessionId));
            // The cookie ends with the session's absolute lifetime; renewals keep this end.
            authenticationProperties.IssuedUtc = null;
            authenticationProperties.ExpiresUtc = session.ExpiresAt;
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>A new cookie for the same session (after a password or name change), not a new session.</summary>
    public override async Task RefreshSignInAsync(AppUser user)
    {
        var auth = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var claims = new List<Claim>();
        if (auth.Succeeded && auth.Principal.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id)
        {
            claims.AddRange(auth.Principal.Claims.Where(c => c.Type is SessionClaim or ClaimTypes.AuthenticationMethod or "amr"));
        }
        await SignInWithClaimsAsync(user, auth.Succeeded ? auth.Properties : null, claims);
    }

    public override async Task SignOutAsync()
    {
        var auth = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await sessions.EndAsync(auth.Principal?.FindFirstValue(SessionClaim), Context.RequestAborted);
        await base.SignOutAsync();
    }

    /// <summary>The session id of the current request's sign-in cookie.</summary>
    public static string? SessionIdOf(ClaimsPrincipal principal) => principal.FindFirstValue(SessionClaim);

    private void SpendHashingTime(string password) =>
        UserManager.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password);
}
