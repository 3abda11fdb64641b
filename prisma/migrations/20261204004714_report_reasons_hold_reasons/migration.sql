-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationType" ADD VALUE 'REPORT';
ALTER TYPE "NotificationType" ADD VALUE 'REPORT_REMINDER';

-- AlterEnum
ALTER TYPE "ReportReason" ADD VALUE 'ILLEGAL';

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "holdReasons" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "holdReasons" JSONB NOT NULL DEFAULT '[]';
