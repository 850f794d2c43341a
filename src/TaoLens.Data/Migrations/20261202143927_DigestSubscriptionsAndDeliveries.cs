using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class DigestSubscriptionsAndDeliveries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "digest_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    day = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    local_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_digest_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_digest_subscriptions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "digest_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    iso_year = table.Column<int>(type: "integer", nullable: false),
                    iso_week = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claim_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    message_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_digest_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_digest_deliveries_digest_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "digest_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "digest_subscription_views",
                columns: table => new
                {
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    view_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_digest_subscription_views", x => new { x.subscription_id, x.view_id });
                    table.ForeignKey(
                        name: "fk_digest_subscription_views_digest_subscriptions_subscription",
                        column: x => x.subscription_id,
                        principalTable: "digest_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_digest_subscription_views_saved_views_view_id",
                        column: x => x.view_id,
                        principalTable: "saved_views",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_digest_deliveries_subscription_id_iso_year_iso_week",
                table: "digest_deliveries",
                columns: new[] { "subscription_id", "iso_year", "iso_week" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_digest_subscription_views_view_id",
                table: "digest_subscription_views",
                column: "view_id");

            migrationBuilder.CreateIndex(
                name: "ix_digest_subscriptions_user_id",
                table: "digest_subscriptions",
                column: "user_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "digest_deliveries");

            migrationBuilder.DropTable(
                name: "digest_subscription_views");

            migrationBuilder.DropTable(
                name: "digest_subscriptions");
        }
    }
}
