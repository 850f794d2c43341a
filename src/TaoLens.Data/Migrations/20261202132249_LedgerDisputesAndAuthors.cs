using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class LedgerDisputesAndAuthors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "dispute_reason",
                table: "revenue_entries",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "disputed_at",
                table: "revenue_entries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "disputed_by",
                table: "revenue_entries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "disputed_by_id",
                table: "revenue_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "entered_by_id",
                table: "revenue_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "use_anyway_at",
                table: "revenue_entries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "use_anyway_by",
                table: "revenue_entries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "use_anyway_by_id",
                table: "revenue_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_revenue_entries_disputed_by_id",
                table: "revenue_entries",
                column: "disputed_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_revenue_entries_entered_by_id",
                table: "revenue_entries",
                column: "entered_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_revenue_entries_use_anyway_by_id",
                table: "revenue_entries",
                column: "use_anyway_by_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_revenue_entries_dispute",
                table: "revenue_entries",
                sql: "(disputed_at IS NULL AND use_anyway_at IS NULL) OR (disputed_at IS NOT NULL AND dispute_reason IS NOT NULL)");

            migrationBuilder.AddForeignKey(
                name: "fk_revenue_entries_users_disputed_by_id",
                table: "revenue_entries",
                column: "disputed_by_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_revenue_entries_users_entered_by_id",
                table: "revenue_entries",
                column: "entered_by_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_revenue_entries_users_use_anyway_by_id",
                table: "revenue_entries",
                column: "use_anyway_by_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_revenue_entries_users_disputed_by_id",
                table: "revenue_entries");

            migrationBuilder.DropForeignKey(
                name: "fk_revenue_entries_users_entered_by_id",
                table: "revenue_entries");

            migrationBuilder.DropForeignKey(
                name: "fk_revenue_entries_users_use_anyway_by_id",
                table: "revenue_entries");

            migrationBuilder.DropIndex(
                name: "ix_revenue_entries_disputed_by_id",
                table: "revenue_entries");

            migrationBuilder.DropIndex(
                name: "ix_revenue_entries_entered_by_id",
                table: "revenue_entries");

            migrationBuilder.DropIndex(
                name: "ix_revenue_entries_use_anyway_by_id",
                table: "revenue_entries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_revenue_entries_dispute",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "dispute_reason",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "disputed_at",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "disputed_by",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "disputed_by_id",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "entered_by_id",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "use_anyway_at",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "use_anyway_by",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "use_anyway_by_id",
                table: "revenue_entries");
        }
    }
}
