/// Every page of the operator's view, in the order the navigation lists them.
public enum DashboardPages {
    public static let all: [any DashboardPage.Type] = [
        OverviewPage.self,
        CalendarPage.self,
        ThroughputPage.self,
        FailuresPage.self,
        DayPage.self,
        PackagingPage.self,
        StagingPage.self,
        QueuePage.self,
        CatalogPage.self,
    ]
}
