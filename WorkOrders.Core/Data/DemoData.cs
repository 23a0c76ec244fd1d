using WorkOrders.Core.Accounts;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Data;

/// <summary>A fuel-site company, its service provider and a second company, with work in every state.</summary>
public static class DemoData
{
    public const string Password = "Demo123!";

    public sealed record DemoLogin(string Email, string Name, string Role);

    public static readonly IReadOnlyList<DemoLogin> Logins =
    [
        new("admin@prairiefuel.example", "Morgan Avery", "Company admin, Prairie Fuel (approver)"),
        new("dispatcher@prairiefuel.example", "Dana Brooks", "Company user, Prairie Fuel (dispatcher)"),
        new("tech@prairiefuel.example", "Luis Ortega", "Company technician, Prairie Fuel"),
        new("admin@summittank.example", "Jordan Kim", "Service provider admin, Summit Tank Services"),
        new("tech@summittank.example", "Sam Rivera", "Service provider technician, Summit Tank Services"),
        new("admin@coastalpetro.example", "Chris Novak", "Company admin, Coastal Petroleum (another tenant)"),
    ];

    public static async Task SeedAsync(WorkOrdersDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        var prairie = new Organization("Prairie Fuel Co.", OrganizationKind.Company, "USD");
        var summit = new Organization("Summit Tank Services", OrganizationKind.ServiceProvider, "USD");
        var coastal = new Organization("Coastal Petroleum", OrganizationKind.Company, "USD");
        (prairie.TimeZoneId, summit.TimeZoneId, coastal.TimeZoneId) = ("America/Chicago", "America/Denver", "America/Los_Angeles");
        db.Organizations.AddRange(prairie, summit, coastal);
        await db.SaveChangesAsync(ct);

        // One hash for the one published password: hashing at the policy's cost six times would only slow the start.
        var hash = PasswordPolicy.CreateHasher().HashPassword(new AppUser(), Password);
        var admin = User(Logins[0], prairie, OrganizationRole.Admin, hash);
        var dispatcher = User(Logins[1], prairie, OrganizationRole.Member, hash);
        var tech = User(Logins[2], prairie, OrganizationRole.Member, hash);
        var summitAdmin = User(Logins[3], summit, OrganizationRole.Admin, hash);
        var summitTech = User(Logins[4], summit, OrganizationRole.Member, hash);
        var coastalAdmin = User(Logins[5], coastal, OrganizationRole.Admin, hash);
        db.Users.AddRange(admin, dispatcher, tech, summitAdmin, summitTech, coastalAdmin);

        var wichita = new Facility(prairie.Id, "Station 12 – Wichita East", "2150 N Rock Rd, Wichita, KS 67206", "America/Chicago");
        var topeka = new Facility(prairie.Id, "Station 31 – Topeka", "1801 SW Wanamaker Rd, Topeka, KS 66604", "America/Chicago");
        var denver = new Facility(prairie.Id, "Station 7 – Denver Colfax", "7400 E Colfax Ave, Denver, CO 80220", "America/Denver");
        var harbor = new Facility(coastal.Id, "Harbor Point Fuel", "400 Harbor Blvd, Long Beach, CA 90802", "America/Los_Angeles");
        db.Facilities.AddRange(wichita, topeka, denver, harbor);
        await db.SaveChangesAsync(ct);
        db.FacilityProviderLinks.AddRange(
            new FacilityProviderLink { FacilityId = wichita.Id, ProviderId = summit.Id },
            new FacilityProviderLink { FacilityId = denver.Id, ProviderId = summit.Id });

        var inspected = now.AddDays(-9);
        ActionItem Item(Facility f, string title, string description, Priority priority, string source) =>
            new(f.Id, title, description, priority, inspected, source, DateOnly.FromDateTime(now.AddDays(priority >= Priority.High ? 14 : 45).UtcDateTime));

        const string walkthrough = "Monthly walkthrough, November";
        const string compliance = "Annual compliance inspection";
        var items = new Dictionary<string, ActionItem>
        {
            ["w-spill"] = Item(wichita, "Spill bucket holding liquid, UST 2 (premium)", "About 2 in. of product and water in the spill bucket. Pump out, dispose as waste and check the bucket for cracks.", Priority.High, walkthrough),
            ["w-cp"] = Item(wichita, "Failed cathodic protection reading, tank 1", "Structure-to-soil potential measured -0.72 V; the criterion is -0.85 V or more negative. Rectifier output to be checked.", Priority.Critical, compliance),
            ["w-atg"] = Item(wichita, "Unresolved tank monitor alarm: sump sensor, tank 3", "The ATG shows a sump sensor alarm since the 3rd; the log has no acknowledgement or follow-up.", Priority.High, walkthrough),
            ["w-hose"] = Item(wichita, "Cracked hose near breakaway, dispenser 4", "Outer jacket cracked about 6 in. above the breakaway on the regular grade hose.", Priority.Medium, walkthrough),
            ["w-sign"] = Item(wichita, "Emergency shut-off sign missing, island 2", "The sign marking the emergency stop is missing from its post.", Priority.Low, compliance),
            ["w-gasket"] = Item(wichita, "Worn fill cap gasket, UST 1", "The gasket on the fill cap is flattened and split; the cap does not seal.", Priority.Medium, walkthrough),
            ["w-overfill"] = Item(wichita, "Overfill alarm not audible at the fill port", "The alarm test could not be heard from the delivery driver's position.", Priority.High, compliance),
            ["t-lld"] = Item(topeka, "Line leak detector failed annual test, regular", "The mechanical LLD on the regular line did not trip at 3 gph.", Priority.Critical, compliance),
            ["t-uds"] = Item(topeka, "Water in under-dispenser sump, dispenser 6", "About 3 in. of water in the UDC; the sensor did not alarm.", Priority.High, walkthrough),
            ["t-ext"] = Item(topeka, "Fire extinguisher tag expired, island 1", "Annual inspection tag expired in September.", Priority.Medium, walkthrough),
            ["t-light"] = Item(topeka, "Canopy light out over pump 3", "One LED fixture out; the pump area is dim at night.", Priority.Low, walkthrough),
            ["t-records"] = Item(topeka, "Release detection records missing for August", "No monthly ATG leak test printout is on file for August.", Priority.Medium, compliance),
            ["t-vent"] = Item(topeka, "Vent pipe cap missing, UST 2", "The vent cap on the midgrade tank is gone; rain can enter the vent.", Priority.Medium, walkthrough),
            ["d-stp"] = Item(denver, "STP sump sensor in alarm, tank 2", "Submersible pump sump sensor alarm; liquid visible in the sump.", Priority.High, walkthrough),
            ["d-spill"] = Item(denver, "Cracked spill bucket, diesel fill", "A crack runs through the bottom of the diesel spill bucket. Replace before the next delivery.", Priority.Critical, compliance),
            ["d-vapor"] = Item(denver, "Stage I vapor recovery adaptor leaking", "The adaptor poppet does not seat; vapors escape at the fill.", Priority.High, compliance),
            ["d-meter"] = Item(denver, "Meter out of calibration, dispenser 2", "Weights and measures test showed 9 cu in. short on a 5 gal draw.", Priority.Medium, compliance),
            ["d-well"] = Item(denver, "Monitoring well cap unlocked", "The observation well cap near the tank pad has no lock.", Priority.Low, walkthrough),
            ["d-probe"] = Item(denver, "Erratic tank gauge probe, tank 1", "Inventory readings jump by 40-60 gal between polls.", Priority.High, walkthrough),
            ["d-estop"] = Item(denver, "Broken emergency stop cover", "The protective cover of the emergency stop is cracked and loose.", Priority.Medium, compliance),
            ["h-debris"] = Item(harbor, "Debris in spill bucket, UST 1", "Leaves and grit in the spill bucket.", Priority.Medium, walkthrough),
            ["h-sign"] = Item(harbor, "Faded no-smoking sign at island 1", "The sign is unreadable from the pump.", Priority.Low, compliance),
        };
        // A finding the company has let slip: the dashboard, the lists and the digest show it as overdue.
        items["w-cp"].DueDate = DateOnly.FromDateTime(now.AddDays(-3).UtcDateTime);
        db.ActionItems.AddRange(items.Values);
        await db.SaveChangesAsync(ct);

        var asAdmin = Actor.From(admin, OrganizationKind.Company);
        var asDispatcher = Actor.From(dispatcher, OrganizationKind.Company);
        var asTech = Actor.From(tech, OrganizationKind.Company);
        var asSummit = Actor.From(summitAdmin, OrganizationKind.ServiceProvider);
        Person P(AppUser u) => new(u.Id, u.OrganizationId, u.Role, u.IsActive, u.DisplayName);
        DateTimeOffset At(int days, int hours = 0) => now.AddDays(days).AddHours(hours);

        async Task<WorkOrder> Create(Actor who, Facility f, string title, DateTimeOffset at, params string[] keys)
        {
            var wo = Must(WorkOrder.Create(who, f, who.OrganizationKind == OrganizationKind.ServiceProvider, title, keys.Select(k => items[k]).ToList(), at));
            db.WorkOrders.Add(wo);
            await db.SaveChangesAsync(ct);
            return wo;
        }

        var draft = await Create(asDispatcher, wichita, "Island 2 signage and UST 1 fill cap", At(-2), "w-sign", "w-gasket");
        Check(draft.Edit(asDispatcher, draft.Title, draft.ActionItems.ToList(),
            [new("Fill cap gasket kit", 1, 38.50m), new("Emergency shut-off sign, reflective", 1, 64.00m), new("Labor (hours)", 1.5m, 95.00m)], At(-2, 1)));
        draft.AddNote(asDispatcher, "Bundle with the next visit to Wichita if possible.", At(-2, 1));

        var submitted = await Create(asDispatcher, wichita, "UST 2 spill bucket and tank 3 sump alarm", At(-3), "w-spill", "w-atg");
        Check(submitted.Edit(asDispatcher, submitted.Title, submitted.ActionItems.ToList(),
            [new("Pump out and dispose of spill bucket contents", 1, 275.00m), new("Sump sensor test and replacement", 1, 410.00m)], At(-3, 1)));
        Check(submitted.Submit(asDispatcher, P(admin), At(-1)));

        var approved = await Create(asDispatcher, topeka, "Replace line leak detector, regular", At(-5), "t-lld");
        Check(approved.Edit(asDispatcher, approved.Title, approved.ActionItems.ToList(), [new("Mechanical line leak detector", 1, 489.00m), new("Labor and retest (hours)", 3, 110.00m)], At(-5, 1)));
        Check(approved.Submit(asDispatcher, P(admin), At(-4)));
        Check(approved.Approve(asAdmin, "Go ahead; this one is a compliance failure.", At(-3)));

        var dispatched = await Create(asDispatcher, denver, "Diesel spill bucket and Stage I adaptor", At(-6), "d-spill", "d-vapor");
        Check(dispatched.Submit(asDispatcher, P(admin), At(-5)));
        Check(dispatched.Approve(asAdmin, null, At(-4)));
        var denverZone = TimeZones.Find(denver.TimeZoneId);
        var tomorrow = TimeZoneInfo.ConvertTime(now, denverZone).Date.AddDays(1);
        var start = new DateTimeOffset(tomorrow.AddHours(9), denverZone.GetUtcOffset(tomorrow.AddHours(9)));
        Check(dispatched.Dispatch(asDispatcher, P(tech), start, start.AddHours(3), At(-3)));

        var resolved = await Create(asDispatcher, topeka, "Fire extinguisher inspection, island 1", At(-8), "t-ext");
        Check(resolved.Submit(asDispatcher, P(admin), At(-8, 2)));
        Check(resolved.Approve(asAdmin, null, At(-7)));
        Check(resolved.Dispatch(asDispatcher, P(tech), At(-6), At(-6, 1), At(-7, 1)));
        Check(resolved.Resolve(asTech, "Extinguisher inspected and re-tagged; gauge in the green.", At(-6, 1)));

        var denied = await Create(asDispatcher, wichita, "Replace regular hose, dispenser 4", At(-4), "w-hose");
        Check(denied.Edit(asDispatcher, denied.Title, denied.ActionItems.ToList(), [new("Hose assembly 3/4 in. x 9 ft", 1, 620.00m)], At(-4, 1)));
        Check(denied.Submit(asDispatcher, P(admin), At(-4, 2)));
        Check(denied.Deny(asAdmin, "That price is high for a hose; get a second quote.", At(-2)));

        var byProvider = await Create(asSummit, denver, "STP sump sensor, tank 2", At(-2), "d-stp");
        Check(byProvider.Edit(asSummit, byProvider.Title, byProvider.ActionItems.ToList(), [new("Sump sensor", 1, 340.00m), new("Labor (hours)", 2, 120.00m)], At(-2, 1)));
        Check(byProvider.Submit(asSummit, P(admin), At(-1, 2)));

        // Work sent to the provider: one waiting for its answer, one it accepted and gave to its technician.
        var summitServes = new ProviderChoice(summit.Id, summit.Name, true, FacilityProviderLink.DefaultRespondWithinHours);
        var wichitaZone = TimeZones.Find(wichita.TimeZoneId);
        var wichitaDay = TimeZoneInfo.ConvertTime(now, wichitaZone).Date.AddDays(3);
        DateTimeOffset InWichita(int hour) => new(wichitaDay.AddHours(hour), wichitaZone.GetUtcOffset(wichitaDay.AddHours(hour)));
        var incoming = await Create(asDispatcher, wichita, "Overfill alarm test at the fill port", At(-2), "w-overfill");
        Check(incoming.Submit(asDispatcher, P(admin), At(-2, 1)));
        Check(incoming.Approve(asAdmin, null, At(-1)));
        Check(incoming.DispatchToProvider(asDispatcher, summitServes, InWichita(8), InWichita(16), "The alarm must be heard from the delivery driver's position.", At(0, -3)));

        var accepted = await Create(asDispatcher, denver, "Replace tank 1 gauge probe", At(-4), "d-probe");
        Check(accepted.Submit(asDispatcher, P(admin), At(-4, 1)));
        Check(accepted.Approve(asAdmin, null, At(-3, 2)));
        var denverVisitDay = tomorrow.AddDays(1);
        DateTimeOffset InDenver(int hour) => new(denverVisitDay.AddHours(hour), denverZone.GetUtcOffset(denverVisitDay.AddHours(hour)));
        Check(accepted.DispatchToProvider(asDispatcher, summitServes, InDenver(8), InDenver(17), null, At(-3, 3)));
        Check(accepted.Accept(asSummit, P(summitTech), InDenver(10), InDenver(13), At(-3, 7), denver.TimeZoneId));

        await db.SaveChangesAsync(ct);
    }

    private static AppUser User(DemoLogin login, Organization org, OrganizationRole role, string passwordHash)
    {
        var user = new AppUser
        {
            UserName = login.Email,
            NormalizedUserName = login.Email.ToUpperInvariant(),
            Email = login.Email,
            NormalizedEmail = login.Email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = login.Name,
            OrganizationId = org.Id,
            Role = role,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            PasswordHash = passwordHash,
        };
        return user;
    }

    private static WorkOrder Must(Common.Result<WorkOrder> result) =>
        result.IsOk ? result.Value! : throw new InvalidOperationException("Demo data is inconsistent: " + result.Message);

    private static void Check(Common.Result result)
    {
        if (!result.IsOk) throw new InvalidOperationException("Demo data is inconsistent: " + result.Message);
    }
}
